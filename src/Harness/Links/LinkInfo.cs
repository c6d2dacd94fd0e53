using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vnetconf.Interop;
using Vnetconf.Interop.Netlink;
using Vnetconf.Packets;
using static Vnetconf.Interop.Netlink.LinuxIfLink;

namespace Vnetconf.Links;

/// <summary>A link as rtnetlink describes it (one RTM_NEWLINK reply), reduced to what the suite looks at.</summary>
/// <param name="Index">ifindex, unique within the namespace</param>
/// <param name="Name">IFLA_IFNAME</param>
/// <param name="Flags">ifi_flags: IFF_UP is the administrative state, IFF_LOWER_UP the carrier</param>
/// <param name="Mtu">IFLA_MTU</param>
/// <param name="Kind">IFLA_INFO_KIND ("veth", "bridge", "tun"), or null for links without rtnl_link_ops such as lo</param>
/// <param name="Mac">IFLA_ADDRESS, or null for links without an Ethernet hardware address</param>
/// <param name="MasterIndex">IFLA_MASTER (the bridge a port is enslaved to), 0 when none</param>
/// <param name="Stats">IFLA_STATS64</param>
public sealed record LinkInfo(
    int Index,
    string Name,
    NetDeviceFlags Flags,
    int Mtu,
    string? Kind,
    MacAddress? Mac,
    int MasterIndex,
    LinkStats Stats)
{
    public bool IsUp => Flags.HasFlag(NetDeviceFlags.IFF_UP);

    /// <summary>Decodes an RTM_NEWLINK message (a GETLINK reply or one message of a dump).</summary>
    internal static LinkInfo FromMessage(NetlinkMessage message)
    {
        var header = message.ReadFixedHeader<ifinfomsg>();
        string? name = null, kind = null;
        int mtu = 0, master = 0;
        MacAddress? mac = null;
        LinkStats stats = default;
        foreach (var attribute in message.AttributesAfter<ifinfomsg>())
        {
            switch (attribute.Type)
            {
                case IFLA_IFNAME: name = attribute.GetString(); break;
                case IFLA_MTU: mtu = (int)attribute.GetUInt32(); break;
                case IFLA_MASTER: master = (int)attribute.GetUInt32(); break;
                case IFLA_ADDRESS: mac = attribute.Payload.Length == MacAddress.Length ? MacAddress.Read(attribute.Payload) : null; break;
                case IFLA_STATS64: stats = ReadStats(attribute.Payload); break;
                case IFLA_LINKINFO:
                    foreach (var info in attribute.GetNested())
                    {
                        if (info.Type == IFLA_INFO_KIND) kind = info.GetString();
                    }
                    break;
            }
        }

        return new LinkInfo(
            header.ifi_index,
            name ?? throw new InvalidDataException($"RTM_NEWLINK for index {header.ifi_index} has no IFLA_IFNAME"),
            (NetDeviceFlags)header.ifi_flags,
            mtu,
            kind,
            mac,
            master,
            stats);
    }

    /// <summary>Copies what the kernel sent over a zeroed struct: an older kernel's shorter struct leaves the new fields 0.</summary>
    private static LinkStats ReadStats(ReadOnlySpan<byte> payload)
    {
        Span<byte> bytes = stackalloc byte[Unsafe.SizeOf<LinkStats>()];
        bytes.Clear();
        payload[..Math.Min(payload.Length, bytes.Length)].CopyTo(bytes);
        return MemoryMarshal.Read<LinkStats>(bytes);
    }
}
