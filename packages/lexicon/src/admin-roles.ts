// The PDS administrators' roles (Aurora Locus admin roles) and the role each admin method needs, in
// one table the server enforces (packages/pds/src/auth/admin-roles.ts) and the admin UI reads to show
// only what the signed-in role may do. Every admin-auth method of the PDS is here (a PDS unit test
// checks the table against its registry both ways). A method missing from it needs the owner: a new
// method is never open to more people than whoever can change the roles.

export const ADMIN_ROLES = ["owner", "admin", "moderator", "viewer"] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

// Most rights first: each role may do everything the ones after it may.
const RANK: Record<AdminRole, number> = { owner: 3, admin: 2, moderator: 1, viewer: 0 };

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === "string" && (ADMIN_ROLES as readonly string[]).includes(value);
}

export function roleAllows(held: AdminRole, needed: AdminRole): boolean {
  return RANK[held] >= RANK[needed];
}

// viewer: reads. moderator: acts on content and on abuse, reversibly (takedowns, labels, reports,
// an account's or a code's invites). admin: changes accounts (delete, password, email, handle),
// mails them and mints invite codes. owner: manages the administrators themselves.
export const ADMIN_METHOD_ROLES: Readonly<Record<string, AdminRole>> = {
  "com.atproto.admin.getAccountInfo": "viewer",
  "com.atproto.admin.getAccountInfos": "viewer",
  "com.atproto.admin.getInviteCodes": "viewer",
  "com.atproto.admin.getSubjectStatus": "viewer",
  "net.atrarium.pds.admin.getJobs": "viewer",
  "net.atrarium.pds.admin.getServerStats": "viewer",
  "net.atrarium.pds.admin.listAuditLog": "viewer",
  "net.atrarium.pds.admin.listReports": "viewer",
  "net.atrarium.pds.admin.searchAccounts": "viewer",
  "net.atrarium.pds.admin.getSession": "viewer",
  "com.atproto.admin.updateSubjectStatus": "moderator",
  "com.atproto.admin.disableAccountInvites": "moderator",
  "com.atproto.admin.enableAccountInvites": "moderator",
  "com.atproto.admin.disableInviteCodes": "moderator",
  "net.atrarium.pds.admin.emitLabels": "moderator",
  "net.atrarium.pds.admin.resolveReport": "moderator",
  "com.atproto.admin.deleteAccount": "admin",
  "com.atproto.admin.sendEmail": "admin",
  "com.atproto.admin.updateAccountEmail": "admin",
  "com.atproto.admin.updateAccountHandle": "admin",
  "com.atproto.admin.updateAccountPassword": "admin",
  "com.atproto.server.createInviteCode": "admin",
  "com.atproto.server.createInviteCodes": "admin",
  "net.atrarium.pds.admin.createAdmin": "owner",
  "net.atrarium.pds.admin.listAdmins": "owner",
  "net.atrarium.pds.admin.updateAdmin": "owner",
  "net.atrarium.pds.admin.deleteAdmin": "owner",
};

export function requiredAdminRole(nsid: string): AdminRole {
  return ADMIN_METHOD_ROLES[nsid] ?? "owner";
}

/** Whether an administrator of this role may call the method. */
export function adminRoleMayCall(held: AdminRole, nsid: string): boolean {
  return roleAllows(held, requiredAdminRole(nsid));
}
