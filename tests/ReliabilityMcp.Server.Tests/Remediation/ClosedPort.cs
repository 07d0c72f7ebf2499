using System.Net;
using System.Net.Sockets;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>A loopback URL where nothing listens (a port bound then released), for "could not be reached" cases.</summary>
internal static class ClosedPort
{
    /// <summary>E.g. <c>http://127.0.0.1:40123</c>.</summary>
    public static string Url()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
