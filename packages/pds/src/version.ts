// The version this PDS reports (/xrpc/_health, net.atrarium.pds.admin.getServerStats).
export const PDS_VERSION = "aurora-locus/0.1.0";
