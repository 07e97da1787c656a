// Names under our handle domains that no account may take, as the official PDS keeps a reserved
// subdomain list (packages/pds/src/handle/reserved.ts there). A handle under a service domain is also
// a host name of ours: `admin.<domain>` or `www.<domain>` would look like the operator's own, could be
// mistaken for a service endpoint, and would get a TLS certificate through /tls-check.
// Our own selection, by reason; only exact first labels are reserved (`adminfan` is fine).

const words = (list: string) => list.trim().split(/\s+/);

// The protocol and this server's own vocabulary.
const protocol = words(`
  at atp atproto bsky bluesky did firehose handle jetstream lex lexicon nsid pds plc relay repo
  tid xrpc appview labeler atrarium aurora locus
`);

// Hosts and services an operator may run beside the PDS.
const infrastructure = words(`
  api apis app apps assets auth autoconfig autodiscover backup beta cache cdn cpanel dashboard db
  demo dev dns docs download downloads edge email files ftp git gateway host hostmaster hosting
  imap img images internal intranet ldap localhost mail mailer media monitor mx node ns ns1 ns2
  ns3 ns4 ntp oauth origin pop pop3 portal prod production proxy queue redirect relay server
  servers service services sftp smtp sso ssh ssl stage staging static stats status storage sync
  test testing tls upload uploads vpn web webmail webhook webhooks ww www www1 www2 wwww
`);

// Words that would pass for the operator, its staff or an official notice.
const authority = words(`
  abuse account accounts admin administrator admins billing compliance contact copyright dmca
  feedback help helpdesk info legal mod moderation moderator moderators noreply no-reply notice
  notifications notify official operator owner postmaster press privacy root safety security
  staff superuser support sysadmin system team terms tos trust trustandsafety verified verify
  webmaster
`);

// Paths and pages a web front end for this domain would have.
const siteWords = words(`
  about activate blog blogs callback config confirm connect create delete explore faq feed feeds
  home index invite invites join lists login logout me messages new news password profile
  profiles register reset search settings setup signin sign-in signout signup sign-up store shop
  user username users welcome wiki
`);

// Placeholders and values a program might print instead of a name.
const placeholders = words(`
  anonymous default example everyone false guest localdomain nan nil none nobody null true
  undefined unknown void yourname
`);

export const RESERVED_HANDLE_NAMES: ReadonlySet<string> = new Set([
  ...protocol,
  ...infrastructure,
  ...authority,
  ...siteWords,
  ...placeholders,
]);

/** Whether the first label of a handle under one of our domains is reserved (`name` lower-case). */
export function isReservedHandleName(name: string): boolean {
  return RESERVED_HANDLE_NAMES.has(name);
}
