using System.Globalization;
using System.Text;

namespace Vnetconf.Netmap;

/// <summary>
/// A parsed netmap port name, <c>subsystem:port[mode][/flags][@memid]</c>, as libnetmap's
/// nmreq_header_decode and nmreq_register_decode (libnetmap/nmreq.c) read it:
/// <c>netmap:eth0</c> (all NIC rings), <c>netmap:eth0^</c> (host rings), <c>netmap:eth0^N</c> (one host ring),
/// <c>netmap:eth0*</c> (NIC and host), <c>netmap:eth0-N</c> (one NIC ring), <c>/xztrRT</c> flags,
/// <c>@N</c> memory region, <c>valeX:port</c> (a port of VALE switch X, X possibly empty).
/// </summary>
/// <remarks>
/// Two differences from libnetmap, both refusals with a reason rather than different results: the named
/// options after '@' (share, conf, extmem, offset) are not supported, and a VALE name without a port
/// (<c>vale0:</c>), which libnetmap passes on for the kernel to refuse, is refused here.
/// </remarks>
public sealed record NetmapPortSpec
{
    /// <summary>The text this was parsed from.</summary>
    public required string Text { get; init; }

    /// <summary>What goes into <c>nr_name</c>: the interface for <c>netmap:</c>, the whole <c>valeX:port</c> for VALE.</summary>
    public required string PortName { get; init; }

    /// <summary>True for a VALE switch port, false for a <c>netmap:</c> interface.</summary>
    public required bool IsVale { get; init; }

    public NetmapRegistrationMode Mode { get; init; }

    /// <summary>The ring pair of <see cref="NetmapRegistrationMode.NR_REG_ONE_NIC"/> or <see cref="NetmapRegistrationMode.NR_REG_ONE_SW"/>, else 0.</summary>
    public ushort RingId { get; init; }

    public NetmapRegisterFlags Flags { get; init; }

    /// <summary>The memory region asked for with <c>@N</c>; 0 lets the kernel choose.</summary>
    public ushort MemoryId { get; init; }

    // The characters that end the port name and start the mode (nmreq_header_decode).
    private const string ModeStarters = "-*^/@";

    private enum State { Start, RingSuffixDone, Number, Flags, FlagsDone, MemoryId, HostRing }

    /// <summary>Parses <paramref name="text"/>; a name netmap would refuse throws a <see cref="FormatException"/> saying why.</summary>
    public static NetmapPortSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\0')) throw Invalid(text, "it contains a NUL character");

        bool isVale;
        int prefixLength;
        if (text.StartsWith("netmap", StringComparison.Ordinal)) (isVale, prefixLength) = (false, "netmap".Length);
        else if (text.StartsWith(NetmapAbi.NM_BDG_NAME, StringComparison.Ordinal)) (isVale, prefixLength) = (true, NetmapAbi.NM_BDG_NAME.Length);
        else throw Invalid(text, "it must start with 'netmap:' or 'vale<switch>:'");

        var colon = text.IndexOf(':', prefixLength);
        if (colon < 0) throw Invalid(text, "':' is missing after the subsystem");
        var switchId = text[prefixLength..colon];
        if (switchId.Length > 0 && !isVale) throw Invalid(text, "no identifier is allowed between 'netmap' and ':'");
        if (!IsIdentifier(switchId)) throw Invalid(text, $"'{switchId}' is not a switch identifier (letters, digits, '_')");

        var portStart = colon + 1;
        var modeStart = portStart;
        while (modeStart < text.Length && !ModeStarters.Contains(text[modeStart])) modeStart++;
        if (modeStart == portStart) throw Invalid(text, "the port name is empty");
        CheckPipeName(text, portStart, modeStart);

        // netmap: ports are named by the interface alone; VALE ports keep the switch prefix, which tells the kernel
        // to create or find the port on that switch.
        var portName = text[(isVale ? 0 : portStart)..modeStart];
        if (Encoding.UTF8.GetByteCount(portName) >= NetmapAbi.NETMAP_REQ_IFNAMSIZ)
            throw Invalid(text, $"the port name '{portName}' is longer than {NetmapAbi.NETMAP_REQ_IFNAMSIZ - 1} bytes");

        return ParseMode(text, modeStart) with { Text = text, PortName = portName, IsVale = isVale };
    }

    /// <summary>This spec with <paramref name="flags"/> added (e.g. NR_ACCEPT_VNET_HDR, which has no port-name letter).</summary>
    public NetmapPortSpec WithFlags(NetmapRegisterFlags flags) => this with { Flags = Flags | flags };

    // nmreq_register_decode's state machine, state for state, so the same names mean the same requests.
    private static NetmapPortSpec ParseMode(string text, int position)
    {
        var mode = NetmapRegistrationMode.NR_REG_ALL_NIC;
        ushort ringId = 0, memoryId = 0;
        var flags = NetmapRegisterFlags.None;
        var state = State.Start;
        while (position < text.Length)
        {
            var c = text[position];
            switch (state)
            {
                case State.Start:
                    (mode, state) = c switch
                    {
                        '^' => (NetmapRegistrationMode.NR_REG_SW, State.HostRing),
                        '*' => (NetmapRegistrationMode.NR_REG_NIC_SW, State.RingSuffixDone),
                        '-' => (NetmapRegistrationMode.NR_REG_ONE_NIC, State.Number),
                        '/' => (mode, State.Flags),
                        '@' => (mode, State.MemoryId),
                        _ => throw Invalid(text, $"unknown mode character '{c}'"),
                    };
                    position++;
                    break;
                case State.RingSuffixDone:
                    state = c switch
                    {
                        '/' => State.Flags,
                        '@' => State.MemoryId,
                        _ => throw Invalid(text, $"unexpected character '{c}' after the ring selection"),
                    };
                    position++;
                    break;
                case State.HostRing:
                    // '^' alone binds all host rings; '^N' one of them.
                    if (char.IsAsciiDigit(c)) (mode, state) = (NetmapRegistrationMode.NR_REG_ONE_SW, State.Number);
                    else state = State.RingSuffixDone;
                    break;
                case State.Number:
                    if (!char.IsAsciiDigit(c)) throw Invalid(text, $"expected a ring number at '{text[position..]}'");
                    var ring = ReadNumber(text, ref position);
                    if (ring >= NetmapAbi.NETMAP_RING_MASK)
                        throw Invalid(text, $"ring {ring} is out of range [0, {NetmapAbi.NETMAP_RING_MASK})");
                    ringId = (ushort)ring;
                    state = State.RingSuffixDone;
                    break;
                case State.Flags:
                case State.FlagsDone:
                    position++;
                    if (c == '@')
                    {
                        state = State.MemoryId;
                        break;
                    }
                    flags |= c switch
                    {
                        'x' => NetmapRegisterFlags.NR_EXCLUSIVE,
                        'z' => NetmapRegisterFlags.NR_ZCOPY_MON,
                        't' => NetmapRegisterFlags.NR_MONITOR_TX,
                        'r' => NetmapRegisterFlags.NR_MONITOR_RX,
                        'R' => NetmapRegisterFlags.NR_RX_RINGS_ONLY,
                        'T' => NetmapRegisterFlags.NR_TX_RINGS_ONLY,
                        _ => throw Invalid(text, $"unknown flag '{c}' (known: x z t r R T)"),
                    };
                    state = State.FlagsDone;
                    break;
                case State.MemoryId:
                    // libnetmap reads '@' followed by a non-digit as the start of the named options.
                    if (!char.IsAsciiDigit(c))
                        throw Invalid(text, $"the option '{text[(position - 1)..]}' is not supported (only '@N' memory regions are)");
                    var id = ReadNumber(text, ref position);
                    if (id is 0 or > ushort.MaxValue) throw Invalid(text, $"memory region {id} is out of range [1, {ushort.MaxValue}]");
                    memoryId = (ushort)id;
                    state = State.RingSuffixDone;
                    break;
            }
        }
        if (state is State.Number or State.Flags) throw Invalid(text, "it ends where a ring number or a flag was expected");
        if (state is State.MemoryId) throw Invalid(text, "the memory region after '@' is empty");
        return new NetmapPortSpec
        {
            Text = text, PortName = "", IsVale = false, Mode = mode, RingId = ringId, Flags = flags, MemoryId = memoryId,
        };
    }

    // libnetmap takes "a{b" / "a}b" as the master / slave end of pipe b of port a; the pipe name must be an identifier.
    private static void CheckPipeName(string text, int portStart, int portEnd)
    {
        var separator = text.IndexOfAny(['{', '}'], portStart, portEnd - portStart);
        if (separator < 0) return;
        var pipe = text[(separator + 1)..portEnd];
        if (pipe.Length == 0) throw Invalid(text, "the pipe name after '{' or '}' is empty");
        if (!IsIdentifier(pipe)) throw Invalid(text, $"the pipe name '{pipe}' is not an identifier (letters, digits, '_')");
    }

    private static long ReadNumber(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
        // Digits beyond what a long holds are out of every range checked above.
        return long.TryParse(text.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value : long.MaxValue;
    }

    private static bool IsIdentifier(string s) => s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static FormatException Invalid(string text, string why) => new($"'{text}' is not a netmap port name: {why}");
}
