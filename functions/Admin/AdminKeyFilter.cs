using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Admin;

/// <summary>
/// Standalone mode: admin routes need header x-functions-key equal to the AdminKey setting (compared in constant time).
/// Under the Functions host the host enforces the function's auth level before forwarding, so this filter lets requests pass.
/// </summary>
public sealed class AdminKeyFilter(HostingMode mode, IOptions<RecommenderOptions> options) : IEndpointFilter
{
    public const string KeyHeader = "x-functions-key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (mode.Standalone)
        {
            string? expected = options.Value.AdminKey;
            string? given = context.HttpContext.Request.Headers[KeyHeader];
            if (string.IsNullOrEmpty(expected))
            {
                return TypedResults.Problem("Admin routes are disabled: set the AdminKey setting.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
            }

            if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            {
                return TypedResults.Problem($"Send the admin key in header {KeyHeader}.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
            }
        }

        return await next(context).ConfigureAwait(false);
    }
}
