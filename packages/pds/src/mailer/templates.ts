// The messages carrying one-time tokens, with the official PDS's subjects. Plain text: the token is
// what matters, and mail clients and tests read it alike.
import type { MailMessage } from "./mailer.ts";

type Mail = Omit<MailMessage, "sentAt">;

const validity = "It is valid for 15 minutes and can be used once.";
const notYou = "If you did not request this, ignore this message and do not share the code with anyone.";

export function confirmEmailMail(to: string, token: string): Mail {
  return {
    to,
    subject: "Email Confirmation",
    text: `Confirm this email address for your account.\n\nYour confirmation code is: ${token}\n\n${validity}\n${notYou}\n`,
  };
}

export function updateEmailMail(to: string, token: string): Mail {
  return {
    to,
    subject: "Email Update Requested",
    text: `We received a request to change the email address of your account.\n\nYour confirmation code is: ${token}\n\n${validity}\n${notYou}\n`,
  };
}

export function resetPasswordMail(to: string, handle: string, token: string): Mail {
  return {
    to,
    subject: "Password Reset Requested",
    text: `We received a request to reset the password of ${handle}.\n\nYour reset code is: ${token}\n\n${validity} Resetting the password signs out every session of the account.\n${notYou}\n`,
  };
}

export function accountDeleteMail(to: string, handle: string, did: string, token: string): Mail {
  return {
    to,
    subject: "Account Deletion Requested",
    text: `We received a request to delete the account ${handle} (${did}).\n\nYour confirmation code is: ${token}\n\n${validity}\n${notYou} With it and your password the account is deleted for good.\n`,
  };
}

export function plcOperationMail(to: string, handle: string, did: string, token: string): Mail {
  return {
    to,
    subject: "PLC Update Operation Requested",
    text: `We received a request to update the DID document of ${handle} (${did}).\n\nYour confirmation code is: ${token}\n\n${validity}\n${notYou}\n`,
  };
}
