using Vnetconf.Guest;

namespace Vnetconf.GuestAgent;

/// <summary>
/// Announces the agent, then answers requests one at a time until the channel closes (the host killed QEMU or let go).
/// While a request is handled, the agent says so every <see cref="AgentReply.WorkingInterval"/>: the host tells a
/// guest that works on a long request (traffic for seconds) from a frozen one by the silence, not the request's length.
/// </summary>
internal sealed class RequestLoop(AgentChannel channel, RequestHandler handler)
{
    public void Run()
    {
        channel.Send(new AgentReply { Hello = RequestHandler.SayHello() });
        while (channel.Receive() is { } request)
        {
            var gate = new Lock();
            var answered = false;
            using (new Timer(_ => SayStillWorking(gate, () => answered), null, AgentReply.WorkingInterval, AgentReply.WorkingInterval))
            {
                var reply = Answer(request);
                lock (gate)
                {
                    answered = true; // no still-working line after the reply, whenever the timer's last callback runs
                    channel.Send(reply);
                }
            }
        }
    }

    private AgentReply Answer(AgentRequest request)
    {
        try
        {
            return handler.Handle(request);
        }
        catch (Exception e)
        {
            // The host shows this text in the failing test: the errno and the call are in SyscallException's message.
            return new AgentReply { Error = $"{e.GetType().Name}: {e.Message}" };
        }
    }

    private void SayStillWorking(Lock gate, Func<bool> answered)
    {
        lock (gate)
        {
            if (answered()) return;
            try
            {
                channel.Send(AgentReply.StillWorking);
            }
            catch (IOException)
            {
                // The host closed the channel: the request loop sees that when it reads next.
            }
        }
    }
}
