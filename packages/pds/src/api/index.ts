// Every XRPC method this PDS serves: one file per method under a path that mirrors its NSID.
import type { XrpcMethod } from "../xrpc/method.ts";
import actor_getPreferences from "./app/bsky/actor/getPreferences.ts";
import actor_putPreferences from "./app/bsky/actor/putPreferences.ts";
import admin_deleteAccount from "./com/atproto/admin/deleteAccount.ts";
import admin_disableAccountInvites from "./com/atproto/admin/disableAccountInvites.ts";
import admin_disableInviteCodes from "./com/atproto/admin/disableInviteCodes.ts";
import admin_enableAccountInvites from "./com/atproto/admin/enableAccountInvites.ts";
import admin_getAccountInfo from "./com/atproto/admin/getAccountInfo.ts";
import admin_getAccountInfos from "./com/atproto/admin/getAccountInfos.ts";
import admin_getInviteCodes from "./com/atproto/admin/getInviteCodes.ts";
import admin_getSubjectStatus from "./com/atproto/admin/getSubjectStatus.ts";
import admin_sendEmail from "./com/atproto/admin/sendEmail.ts";
import admin_updateAccountEmail from "./com/atproto/admin/updateAccountEmail.ts";
import admin_updateAccountHandle from "./com/atproto/admin/updateAccountHandle.ts";
import admin_updateAccountPassword from "./com/atproto/admin/updateAccountPassword.ts";
import admin_updateSubjectStatus from "./com/atproto/admin/updateSubjectStatus.ts";
import identity_getRecommendedDidCredentials from "./com/atproto/identity/getRecommendedDidCredentials.ts";
import identity_refreshIdentity from "./com/atproto/identity/refreshIdentity.ts";
import identity_requestPlcOperationSignature from "./com/atproto/identity/requestPlcOperationSignature.ts";
import identity_resolveDid from "./com/atproto/identity/resolveDid.ts";
import identity_resolveHandle from "./com/atproto/identity/resolveHandle.ts";
import identity_resolveIdentity from "./com/atproto/identity/resolveIdentity.ts";
import identity_signPlcOperation from "./com/atproto/identity/signPlcOperation.ts";
import identity_submitPlcOperation from "./com/atproto/identity/submitPlcOperation.ts";
import identity_updateHandle from "./com/atproto/identity/updateHandle.ts";
import label_queryLabels from "./com/atproto/label/queryLabels.ts";
import moderation_createReport from "./com/atproto/moderation/createReport.ts";
import repo_applyWrites from "./com/atproto/repo/applyWrites.ts";
import repo_createRecord from "./com/atproto/repo/createRecord.ts";
import repo_deleteRecord from "./com/atproto/repo/deleteRecord.ts";
import repo_describeRepo from "./com/atproto/repo/describeRepo.ts";
import repo_getRecord from "./com/atproto/repo/getRecord.ts";
import repo_importRepo from "./com/atproto/repo/importRepo.ts";
import repo_listMissingBlobs from "./com/atproto/repo/listMissingBlobs.ts";
import repo_listRecords from "./com/atproto/repo/listRecords.ts";
import repo_putRecord from "./com/atproto/repo/putRecord.ts";
import repo_uploadBlob from "./com/atproto/repo/uploadBlob.ts";
import server_activateAccount from "./com/atproto/server/activateAccount.ts";
import server_checkAccountStatus from "./com/atproto/server/checkAccountStatus.ts";
import server_confirmEmail from "./com/atproto/server/confirmEmail.ts";
import server_createAccount from "./com/atproto/server/createAccount.ts";
import server_createAppPassword from "./com/atproto/server/createAppPassword.ts";
import server_createInviteCode from "./com/atproto/server/createInviteCode.ts";
import server_createInviteCodes from "./com/atproto/server/createInviteCodes.ts";
import server_createSession from "./com/atproto/server/createSession.ts";
import server_deactivateAccount from "./com/atproto/server/deactivateAccount.ts";
import server_deleteAccount from "./com/atproto/server/deleteAccount.ts";
import server_deleteSession from "./com/atproto/server/deleteSession.ts";
import server_describeServer from "./com/atproto/server/describeServer.ts";
import server_getAccountInviteCodes from "./com/atproto/server/getAccountInviteCodes.ts";
import server_getServiceAuth from "./com/atproto/server/getServiceAuth.ts";
import server_getSession from "./com/atproto/server/getSession.ts";
import server_listAppPasswords from "./com/atproto/server/listAppPasswords.ts";
import server_refreshSession from "./com/atproto/server/refreshSession.ts";
import server_requestAccountDelete from "./com/atproto/server/requestAccountDelete.ts";
import server_requestEmailConfirmation from "./com/atproto/server/requestEmailConfirmation.ts";
import server_requestEmailUpdate from "./com/atproto/server/requestEmailUpdate.ts";
import server_requestPasswordReset from "./com/atproto/server/requestPasswordReset.ts";
import server_reserveSigningKey from "./com/atproto/server/reserveSigningKey.ts";
import server_resetPassword from "./com/atproto/server/resetPassword.ts";
import server_revokeAppPassword from "./com/atproto/server/revokeAppPassword.ts";
import server_updateEmail from "./com/atproto/server/updateEmail.ts";
import sync_getBlob from "./com/atproto/sync/getBlob.ts";
import sync_getBlocks from "./com/atproto/sync/getBlocks.ts";
import sync_getCheckout from "./com/atproto/sync/getCheckout.ts";
import sync_getHead from "./com/atproto/sync/getHead.ts";
import sync_getLatestCommit from "./com/atproto/sync/getLatestCommit.ts";
import sync_getRecord from "./com/atproto/sync/getRecord.ts";
import sync_getRepo from "./com/atproto/sync/getRepo.ts";
import sync_getRepoStatus from "./com/atproto/sync/getRepoStatus.ts";
import sync_listBlobs from "./com/atproto/sync/listBlobs.ts";
import sync_listRepos from "./com/atproto/sync/listRepos.ts";
import temp_checkSignupQueue from "./com/atproto/temp/checkSignupQueue.ts";
import pdsAdmin_createAdmin from "./net/atrarium/pds/admin/createAdmin.ts";
import pdsAdmin_deleteAdmin from "./net/atrarium/pds/admin/deleteAdmin.ts";
import pdsAdmin_emitLabels from "./net/atrarium/pds/admin/emitLabels.ts";
import pdsAdmin_getJobs from "./net/atrarium/pds/admin/getJobs.ts";
import pdsAdmin_getServerStats from "./net/atrarium/pds/admin/getServerStats.ts";
import pdsAdmin_getSession from "./net/atrarium/pds/admin/getSession.ts";
import pdsAdmin_listAdmins from "./net/atrarium/pds/admin/listAdmins.ts";
import pdsAdmin_listAuditLog from "./net/atrarium/pds/admin/listAuditLog.ts";
import pdsAdmin_listReports from "./net/atrarium/pds/admin/listReports.ts";
import pdsAdmin_resolveReport from "./net/atrarium/pds/admin/resolveReport.ts";
import pdsAdmin_searchAccounts from "./net/atrarium/pds/admin/searchAccounts.ts";
import pdsAdmin_updateAdmin from "./net/atrarium/pds/admin/updateAdmin.ts";
import pdsBlob_getMetadata from "./net/atrarium/pds/blob/getMetadata.ts";
import pdsBlob_getThumbnail from "./net/atrarium/pds/blob/getThumbnail.ts";

export const methods: XrpcMethod[] = [
  identity_getRecommendedDidCredentials,
  identity_requestPlcOperationSignature,
  identity_signPlcOperation,
  identity_submitPlcOperation,
  identity_updateHandle,
  repo_importRepo,
  repo_listMissingBlobs,
  repo_uploadBlob,
  server_activateAccount,
  server_checkAccountStatus,
  server_deactivateAccount,
  server_deleteAccount,
  server_requestAccountDelete,
  server_confirmEmail,
  server_createAppPassword,
  server_createInviteCode,
  server_createInviteCodes,
  server_getAccountInviteCodes,
  server_listAppPasswords,
  server_requestEmailConfirmation,
  server_requestEmailUpdate,
  server_requestPasswordReset,
  server_resetPassword,
  server_revokeAppPassword,
  server_updateEmail,
  sync_getBlob,
  sync_getBlocks,
  sync_listBlobs,
  identity_resolveHandle,
  identity_resolveDid,
  identity_resolveIdentity,
  identity_refreshIdentity,
  repo_applyWrites,
  repo_createRecord,
  repo_deleteRecord,
  repo_describeRepo,
  repo_getRecord,
  repo_listRecords,
  repo_putRecord,
  server_createAccount,
  server_createSession,
  server_deleteSession,
  server_describeServer,
  server_getServiceAuth,
  server_getSession,
  server_refreshSession,
  sync_getLatestCommit,
  sync_getRecord,
  sync_getRepo,
  sync_getRepoStatus,
  sync_listRepos,
  actor_getPreferences,
  actor_putPreferences,
  sync_getCheckout,
  sync_getHead,
  temp_checkSignupQueue,
  moderation_createReport,
  label_queryLabels,
  server_reserveSigningKey,
  admin_deleteAccount,
  admin_disableAccountInvites,
  admin_disableInviteCodes,
  admin_enableAccountInvites,
  admin_getAccountInfo,
  admin_getAccountInfos,
  admin_getInviteCodes,
  admin_sendEmail,
  admin_updateAccountEmail,
  admin_updateAccountHandle,
  admin_updateAccountPassword,
  admin_getSubjectStatus,
  admin_updateSubjectStatus,
  pdsAdmin_searchAccounts,
  pdsAdmin_getServerStats,
  pdsAdmin_getJobs,
  pdsAdmin_listAuditLog,
  pdsAdmin_listReports,
  pdsAdmin_resolveReport,
  pdsAdmin_emitLabels,
  pdsAdmin_getSession,
  pdsAdmin_listAdmins,
  pdsAdmin_createAdmin,
  pdsAdmin_updateAdmin,
  pdsAdmin_deleteAdmin,
  pdsBlob_getMetadata,
  pdsBlob_getThumbnail,
];
