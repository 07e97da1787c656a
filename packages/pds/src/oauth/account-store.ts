// The provider's AccountStore on our accounts: sign-up, sign-in, and the account pages' flows
// (password reset, email change and confirmation, handle change, deactivation, deletion) call the same
// services as the XRPC methods (src/account/), so invites, #identity/#account events, PLC updates, mail
// and takedown checks behave the same whichever way a user comes. Sign-in refuses app passwords and
// taken-down accounts; email one-time codes (2FA) are not offered.
import type { DatabaseSync } from "node:sqlite";
import { InvalidCredentialsError, InvalidRequestError } from "@atproto/oauth-provider/errors";
import type {
  Account,
  AccountStore,
  AuthenticateAccountData,
  AuthorizedClientData,
  AuthorizedClients,
  ClientId,
  CreateAccountData,
  DeactivateAccountData,
  DeleteAccountConfirmInput,
  DeleteAccountRequestInput,
  DeviceAccount,
  DeviceId,
  Did,
  HandleString,
  ReactivateAccountData,
  ResetPasswordConfirmInput,
  ResetPasswordRequestInput,
  UpdateEmailConfirmInput,
  UpdateEmailRequestInput,
  UpdateEmailRequestOutput,
  UpdateHandleData,
  VerifyEmailConfirmInput,
  VerifyEmailRequestInput,
} from "@atproto/oauth-provider/store";
import { activateAccount, deactivateAccount } from "../account/activation.ts";
import { assertHandleAvailable, createAccount } from "../account/create-account.ts";
import { confirmAccountDelete, requestAccountDelete } from "../account/deletion-request.ts";
import { confirmEmail, requestEmailConfirmation } from "../account/email-confirmation.ts";
import { requestEmailUpdate, updateEmail } from "../account/email-update.ts";
import { updateOwnHandle } from "../account/own-handle.ts";
import { resetPassword, sendPasswordReset } from "../account/password-reset.ts";
import { checkSignIn, InvalidSignInError } from "../account/sign-in.ts";
import type { AccountRow } from "../account/types.ts";
import type { AppContext } from "../context.ts";
import { normalizeServiceHandle } from "../identity/handle.ts";
import { type DeviceAccountRow, DeviceAccounts } from "./device-accounts.ts";
import { asOAuth, toOAuthError } from "./oauth-errors.ts";

export function toOAuthAccount(row: AccountRow, serviceDid: string): Account {
  return {
    did: row.did as Account["did"],
    pds: serviceDid as Account["pds"],
    handle: row.handle as HandleString,
    email: row.email ?? undefined,
    emailVerified: row.email ? row.email_confirmed_at !== null : undefined,
    deactivated: row.deactivated_at !== null,
  };
}

export class OAuthAccountStore implements AccountStore {
  private readonly ctx: AppContext;
  private readonly devices: DeviceAccounts;

  constructor(ctx: AppContext, db: DatabaseSync) {
    this.ctx = ctx;
    this.devices = new DeviceAccounts(db);
  }

  // The account as the provider sees it; null when it is gone or taken down (its tokens stop working).
  async viewAccount(did: string): Promise<Account | null> {
    const row = await this.ctx.accounts.byDid(did);
    return row && !row.takedown_ref ? toOAuthAccount(row, this.ctx.cfg.serviceDid) : null;
  }

  async createAccount({ handle, email, password, inviteCode }: CreateAccountData): Promise<Account> {
    const row = await asOAuth(() => createAccount(this.ctx, { handle, email, password, inviteCode }));
    return this.view(row);
  }

  async authenticateAccount({ username, password, emailOtp }: AuthenticateAccountData): Promise<Account> {
    if (emailOtp != null) throw new InvalidRequestError("Email one-time codes are not supported");
    try {
      const { account } = await checkSignIn(this.ctx, username, password, { allowAppPassword: false });
      return this.view(account);
    } catch (err) {
      if (err instanceof InvalidSignInError)
        throw new InvalidCredentialsError(err.message, err.did as Did, err);
      throw toOAuthError(err);
    }
  }

  async setAuthorizedClient(did: Did, clientId: ClientId, data: AuthorizedClientData): Promise<void> {
    this.devices.setAuthorizedClient(did, clientId, data);
  }

  async getAccount(did: Did): Promise<{ account: Account; authorizedClients: AuthorizedClients }> {
    return {
      account: await this.requireAccount(did),
      authorizedClients: this.devices.authorizedClients(did),
    };
  }

  async upsertDeviceAccount(deviceId: DeviceId, did: Did): Promise<void> {
    this.devices.upsert(deviceId, did);
  }

  async getDeviceAccount(deviceId: DeviceId, did: Did): Promise<DeviceAccount | null> {
    const row = this.devices.find(deviceId, did);
    return row ? this.toDeviceAccount(row) : null;
  }

  async removeDeviceAccount(deviceId: DeviceId, did: Did): Promise<void> {
    this.devices.remove(deviceId, did);
  }

  async listDeviceAccounts(filter: { did: Did } | { deviceId: DeviceId }): Promise<DeviceAccount[]> {
    const accounts = await Promise.all(this.devices.list(filter).map((row) => this.toDeviceAccount(row)));
    return accounts.filter((a): a is DeviceAccount => a !== null);
  }

  async resetPasswordRequest({ email }: ResetPasswordRequestInput): Promise<Account | null> {
    const row = await asOAuth(() => sendPasswordReset(this.ctx, email));
    return row ? this.view(row) : null;
  }

  async resetPasswordConfirm({ token, password }: ResetPasswordConfirmInput): Promise<Account | null> {
    const did = await asOAuth(() => resetPassword(this.ctx, token, password));
    return this.viewAccount(did);
  }

  async updateEmailRequest({ did }: UpdateEmailRequestInput): Promise<UpdateEmailRequestOutput> {
    return asOAuth(() => requestEmailUpdate(this.ctx, did));
  }

  async updateEmailConfirm({ did, email, token }: UpdateEmailConfirmInput): Promise<Account | null> {
    await asOAuth(() => updateEmail(this.ctx, did, email, token));
    return this.viewAccount(did);
  }

  async verifyEmailRequest({ did }: VerifyEmailRequestInput): Promise<void> {
    await asOAuth(() => requestEmailConfirmation(this.ctx, did));
  }

  async verifyEmailConfirm({ did, email, token }: VerifyEmailConfirmInput): Promise<Account | null> {
    await asOAuth(() => confirmEmail(this.ctx, did, email, token));
    return this.viewAccount(did);
  }

  async verifyHandleAvailability(handle: HandleString): Promise<void> {
    await asOAuth(() => assertHandleAvailable(this.ctx, normalizeServiceHandle(this.ctx, handle)));
  }

  async updateHandle({ did, handle }: UpdateHandleData): Promise<Account> {
    await asOAuth(() => updateOwnHandle(this.ctx, did, handle));
    return this.requireAccount(did);
  }

  async deactivateAccount({ did }: DeactivateAccountData): Promise<Account> {
    await asOAuth(() => deactivateAccount(this.ctx, did));
    return this.requireAccount(did);
  }

  async reactivateAccount({ did }: ReactivateAccountData): Promise<Account> {
    await asOAuth(() => activateAccount(this.ctx, did));
    return this.requireAccount(did);
  }

  async deleteAccountRequest({ did }: DeleteAccountRequestInput): Promise<void> {
    await asOAuth(() => requestAccountDelete(this.ctx, did));
  }

  async deleteAccountConfirm({ did, password, token }: DeleteAccountConfirmInput): Promise<void> {
    await asOAuth(() => confirmAccountDelete(this.ctx, did, password, token));
  }

  private view(row: AccountRow): Account {
    return toOAuthAccount(row, this.ctx.cfg.serviceDid);
  }

  private async requireAccount(did: string): Promise<Account> {
    const account = await this.viewAccount(did);
    if (!account) throw new InvalidRequestError("Account not found");
    return account;
  }

  private async toDeviceAccount(row: DeviceAccountRow): Promise<DeviceAccount | null> {
    const account = await this.viewAccount(row.did);
    if (!account) return null;
    return {
      deviceId: row.deviceId as DeviceId,
      deviceData: row.deviceData,
      account,
      authorizedClients: this.devices.authorizedClients(row.did),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}
