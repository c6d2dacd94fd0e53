using Vnetconf.Guest;

namespace Vnetconf.GuestAgent;

/// <summary>Announces the agent, then answers requests one at a time until the channel closes (the host killed QEMU or let go).</summary>
internal sealed class RequestLoop(AgentChannel channel, RequestHandler handler)
{
    public void Run()
    {
        channel.Send(new AgentReply { Hello = RequestHandler.SayHello() });
        while (channel.Receive() is { } request)
        {
            AgentReply reply;
            try
            {
                reply = handler.Handle(request);
            }
            catch (Exception e)
            {
                // The host shows this text in the failing test: the errno and the call are in SyscallException's message.
                reply = new AgentReply { Error = $"{e.GetType().Name}: {e.Message}" };
            }
            channel.Send(reply);
        }
    }
}
