using System.Text;
using System.Text.Json;
using Vnetconf.Guest;

namespace Vnetconf.GuestAgent;

/// <summary>
/// The agent's end of its dedicated virtio-serial port: JSON lines in, JSON lines out. The port is found by the
/// name QEMU gave it (virtserialport name=), because its /dev/vportNpM number depends on probe order and there is no
/// udev in the guest to make the /dev/virtio-ports/NAME link.
/// </summary>
internal sealed class AgentChannel : IDisposable
{
    private readonly FileStream port;
    private readonly StreamReader reader;

    private AgentChannel(FileStream port)
    {
        this.port = port;
        reader = new StreamReader(port, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
    }

    /// <summary>Opens the port named <paramref name="name"/>, waiting up to <paramref name="timeout"/> for it to appear.</summary>
    public static AgentChannel Open(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var device = FindPort(name);
            if (device is not null)
                return new AgentChannel(new FileStream(device, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0));
            if (DateTime.UtcNow > deadline)
                throw new IOException($"no virtio-serial port named '{name}' under /sys/class/virtio-ports within {timeout.TotalSeconds} s (is virtio_console loaded?)");
            Thread.Sleep(50);
        }
    }

    /// <summary>The next request, or null when the host closed the channel.</summary>
    public AgentRequest? Receive()
    {
        while (true)
        {
            var line = reader.ReadLine();
            if (line is null) return null;
            if (line.Length == 0) continue;
            return JsonSerializer.Deserialize(line, AgentJsonContext.Default.AgentRequest);
        }
    }

    public void Send(AgentReply reply)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(reply, AgentJsonContext.Default.AgentReply);
        port.Write(line);
        port.WriteByte((byte)'\n');
        port.Flush();
    }

    public void Dispose()
    {
        reader.Dispose();
        port.Dispose();
    }

    private static string? FindPort(string name)
    {
        const string ports = "/sys/class/virtio-ports";
        if (!Directory.Exists(ports)) return null;
        foreach (var dir in Directory.EnumerateDirectories(ports))
        {
            var nameFile = Path.Combine(dir, "name");
            if (File.Exists(nameFile) && File.ReadAllText(nameFile).Trim() == name)
                return Path.Combine("/dev", Path.GetFileName(dir));
        }
        return null;
    }
}
