using System.Net.Sockets;
using System.Text;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// Sends bytes that no well-behaved HTTP client would (a body shorter than its Content-Length, broken chunking, an
/// absurd length) over a plain socket, and reads the status line of the answer within a deadline.
/// </summary>
internal static class RawHttp
{
    /// <summary>The status code of the answer, or null when the server closed the connection without one.</summary>
    public static async Task<int?> SendAsync(Uri server, string head, byte[] body, bool closeSend, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n") + "\r\n"), timeout.Token);
        await stream.WriteAsync(body, timeout.Token);
        if (closeSend)
        {
            // The client is done: the server sees the body end early.
            client.Client.Shutdown(SocketShutdown.Send);
        }

        var answer = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while (!answer.ToString().Contains("\r\n", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // Reset by the server: no answer.
        }

        string text = answer.ToString();
        string[] status = text.Split(' ', 3);
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && status.Length > 1 ? int.Parse(status[1], System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
