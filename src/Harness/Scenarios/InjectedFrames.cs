namespace Vnetconf.Scenarios;

/// <summary>What a throughput trial writes into the TAP, over and over.</summary>
public enum InjectedFrames
{
    /// <summary>MTU-sized TCP segments with complete checksums: what a guest without offloads sends.</summary>
    MtuTcp,

    /// <summary>64 KB TCPV4 GSO super-frames with partial checksums: what a guest with TSO sends.</summary>
    TcpGso,

    /// <summary>63 KB UDP_L4 GSO super-frames with partial checksums: what a guest with USO sends.</summary>
    UdpGso,
}
