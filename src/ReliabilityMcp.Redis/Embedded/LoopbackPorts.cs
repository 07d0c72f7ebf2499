using System.Net;
using System.Net.Sockets;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>Free TCP ports on 127.0.0.1, for processes we start (stores, servers) and for tests.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// A port that was free a moment ago (bind to :0, read it, release it). Someone else can take it before the
    /// caller binds it, so callers that can retry on "address in use" should.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
