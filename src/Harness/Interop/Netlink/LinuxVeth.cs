namespace Vnetconf.Interop.Netlink;

/// <summary>veth link data attributes, under their native names. Mirrors include/uapi/linux/veth.h.</summary>
internal static class LinuxVeth
{
    /// <summary>Nested in IFLA_INFO_DATA: an <see cref="ifinfomsg"/> followed by the peer's own IFLA_* attributes.</summary>
    public const ushort VETH_INFO_PEER = 1;
}
