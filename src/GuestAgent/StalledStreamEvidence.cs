using System.Buffers.Binary;
using System.Net.Sockets;
using Vnetconf.Links;

namespace Vnetconf.GuestAgent;

/// <summary>
/// What the guest saw of a TCP stream that stopped moving: the socket's TCP_INFO (is it retransmitting into a silent
/// path, or waiting for a window?), each interface's counters and transmit queues, and the virtio interrupts that drive
/// its queues (did the device stop raising them?). A stall is a finding to explain, so the error carries the evidence of where it stuck.
/// </summary>
internal static class StalledStreamEvidence
{
    private const int IpProtocolTcp = 6;
    private const int TcpInfoOption = 11; // TCP_INFO, include/uapi/linux/tcp.h

    public static string Describe(Socket socket) => $"tcp: {TcpInfo(socket)}; {Interfaces()}; interrupts: {VirtioInterrupts()}";

    /// <summary>The fields of struct tcp_info (include/uapi/linux/tcp.h) that tell a dead path from a closed window.</summary>
    private static string TcpInfo(Socket socket)
    {
        var info = new byte[104];
        if (socket.GetRawSocketOption(IpProtocolTcp, TcpInfoOption, info) < info.Length) return "TCP_INFO too short";
        uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(offset));
        return $"state {info[0]}, retransmits {info[2]}, zero-window probes {info[3]}, backoff {info[4]}, rto {U32(8) / 1000} ms, unacked {U32(24)}, lost {U32(32)}, " +
               $"last data sent {U32(44)} ms ago, last data received {U32(52)} ms ago, last ack received {U32(56)} ms ago, " +
               $"cwnd {U32(80)}, total retransmissions {U32(100)}";
    }

    /// <summary>Each interface but lo: its counters as rtnetlink reads them (as the host's side of the evidence), and each transmit queue.</summary>
    private static string Interfaces()
    {
        using var net = Rtnetlink.Open(NetNamespace.Host);
        return string.Join("; ", net.ListLinks().Where(link => link.Name != "lo").OrderBy(link => link.Name, StringComparer.Ordinal)
            .Select(link => string.Concat([$"{link.Name}: {link.Stats.PacketsAndDrops()}",
                .. Directory.GetDirectories($"/sys/class/net/{link.Name}/queues", "tx-*").Order().Select(queue => $", {Path.GetFileName(queue)}: {TransmitQueue(queue)}")])));
    }

    /// <summary>
    /// A transmit queue's watchdog timeouts: the kernel counts one when a stopped queue (its ring full, the device not
    /// completing) stays stopped past the driver's watchdog time.
    /// </summary>
    private static string TransmitQueue(string queue) =>
        File.Exists(Path.Combine(queue, "tx_timeout")) ? $"{File.ReadAllText(Path.Combine(queue, "tx_timeout")).Trim()} watchdog timeouts" : "no watchdog count";

    /// <summary>Each virtio interrupt line of /proc/interrupts as "name count", counts summed over the CPUs.</summary>
    private static string VirtioInterrupts() => string.Join(", ", File.ReadLines("/proc/interrupts")
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(fields => fields.Length > 2 && fields[^1].StartsWith("virtio", StringComparison.Ordinal))
        .Select(fields => $"{fields[^1]} {fields.Skip(1).TakeWhile(field => field.All(char.IsAsciiDigit)).Sum(long.Parse)}"));
}
