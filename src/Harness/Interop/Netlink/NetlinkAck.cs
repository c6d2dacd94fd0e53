namespace Vnetconf.Interop.Netlink;

/// <summary>
/// The kernel's answer to a request (NLMSG_ERROR) or the end of a dump (NLMSG_DONE).
/// </summary>
/// <param name="Error">0 on success, else a negative errno, as the kernel puts it on the wire.</param>
/// <param name="Message">The extended-ACK text (NLMSGERR_ATTR_MSG), e.g. "mtu greater than device maximum", if any.</param>
/// <param name="InvalidAttributeOffset">
/// NLMSGERR_ATTR_OFFS: the byte offset, within the request, of the attribute the kernel rejected, if it said.
/// </param>
internal readonly record struct NetlinkAck(int Error, string? Message, uint? InvalidAttributeOffset)
{
    /// <summary>The positive errno, 0 on success.</summary>
    public int Errno => -Error;
}
