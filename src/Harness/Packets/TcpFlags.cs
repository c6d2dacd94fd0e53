namespace Vnetconf.Packets;

/// <summary>The TCP header's flag byte (byte 13), in wire bit order.</summary>
[Flags]
public enum TcpFlags : byte
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>FIN: no more data from the sender.</summary>
    Fin = 0x01,

    /// <summary>SYN: synchronise sequence numbers.</summary>
    Syn = 0x02,

    /// <summary>RST: reset the connection.</summary>
    Rst = 0x04,

    /// <summary>PSH: push.</summary>
    Psh = 0x08,

    /// <summary>ACK: the acknowledgment number is significant.</summary>
    Ack = 0x10,

    /// <summary>URG: the urgent pointer is significant.</summary>
    Urg = 0x20,

    /// <summary>ECE: ECN echo (RFC 3168).</summary>
    Ece = 0x40,

    /// <summary>CWR: congestion window reduced (RFC 3168); the bit TSO_ECN is about.</summary>
    Cwr = 0x80,
}
