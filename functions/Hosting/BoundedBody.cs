using Microsoft.AspNetCore.Http;

namespace Recommender.Functions.Hosting;

/// <summary>Reads a request body of at most a given size without ever buffering more than that size plus one byte.</summary>
public static class BoundedBody
{
    /// <summary>
    /// The body, or null when it is longer than <paramref name="maxBytes"/> (refused from its Content-Length without
    /// reading it when that is declared). A body that breaks off early or is badly chunked throws
    /// BadHttpRequestException, which FailureProblems answers with 400.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new byte[maxBytes + 1];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total > maxBytes ? null : buffer[..total];
    }
}
