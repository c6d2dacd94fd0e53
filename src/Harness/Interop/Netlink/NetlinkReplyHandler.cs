namespace Vnetconf.Interop.Netlink;

/// <summary>
/// Receives one reply of a <see cref="NetlinkSocket.Request"/>. The message points into the socket's receive buffer
/// and is valid only during the call: decode what you need before returning.
/// </summary>
public delegate void NetlinkReplyHandler(NetlinkMessage reply);
