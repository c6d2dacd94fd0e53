using System.Text;

namespace Vnetconf.Interop;

/// <summary>Strings in kernel structs, netlink attributes and ELF tables: the bytes up to the first NUL (all of them when the field is full), as UTF-8.</summary>
public static class NativeText
{
    public static string UntilNul(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }
}
