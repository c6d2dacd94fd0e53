using System.Runtime.InteropServices;

namespace Vnetconf.Interop;

/// <summary>
/// <c>struct ifreq</c> (include/uapi/linux/if.h): a 16-byte name and a 24-byte union, of which the suite uses
/// ifr_flags (TUNSETIFF), ifr_ifindex (SIOCGIFINDEX) and ifr_data (SIOCETHTOOL).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
public unsafe struct IfReq
{
    [FieldOffset(0)] public fixed byte Name[LinuxIf.IFNAMSIZ];
    [FieldOffset(16)] public ushort Flags;
    [FieldOffset(16)] public int IntValue;
    [FieldOffset(16)] public void* Data;

    /// <summary>ifr_ifindex, the same bytes as <see cref="IntValue"/>.</summary>
    public readonly int InterfaceIndex => IntValue;

    public static IfReq ForName(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        if (bytes.Length is 0 or >= LinuxIf.IFNAMSIZ || bytes.Contains((byte)0))
            throw new ArgumentException($"'{name}' is not an interface name (1 to {LinuxIf.IFNAMSIZ - 1} bytes, no NUL)", nameof(name));
        var req = new IfReq();
        bytes.CopyTo(new Span<byte>(req.Name, LinuxIf.IFNAMSIZ));
        return req;
    }

    public string GetName()
    {
        fixed (byte* p = Name) return NativeText.UntilNul(new ReadOnlySpan<byte>(p, LinuxIf.IFNAMSIZ));
    }
}
