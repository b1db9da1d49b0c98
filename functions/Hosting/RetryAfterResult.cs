using System.Globalization;

namespace Recommender.Functions.Hosting;

/// <summary>Another result with a <c>Retry-After</c> header: a 503 tells the client when trying again makes sense.</summary>
public sealed class RetryAfterResult(IResult inner, TimeSpan after) : IResult, IStatusCodeHttpResult
{
    /// <summary>What a 503 for a storage outage suggests: long enough for a restart, short enough to notice recovery.</summary>
    public static readonly TimeSpan StorageOutage = TimeSpan.FromSeconds(5);

    public IResult Inner => inner;

    public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
