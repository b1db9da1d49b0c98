using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Recommender.FunctionsHost.Worker;

namespace Recommender.FunctionsHost.Http;

/// <summary>
/// Serves the HTTP functions the way the Functions host does with ASP.NET Core integration: match the route, check
/// the key, send the worker an InvocationRequest and, at the same time, the HTTP request itself to the worker's own
/// HTTP endpoint with header <c>x-ms-invocation-id</c>; the worker pairs the two and answers on the HTTP connection,
/// which is streamed back as it arrives. One pooled connection set to the worker keeps the added hop small.
/// </summary>
internal sealed class HttpForwarder(FunctionsRuntime runtime, HttpMessageInvoker client, ILogger<HttpForwarder> logger)
{
    public const string InvocationHeader = "x-ms-invocation-id";

    /// <summary>Largest request body forwarded, the Functions host's default limit (100 MB); larger ones get 413 here.</summary>
    public const long MaxRequestBodyBytes = 100L * 1024 * 1024;

    // Connection-level headers that belong to one hop only.
    private static readonly HashSet<string> _hopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Host",
    };

    public static HttpMessageInvoker CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ActivityHeadersPropagator = null,
    });

    public async Task HandleAsync(HttpContext context)
    {
        if (runtime.Ready is not { } ready)
        {
            await WriteProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "The Functions host is starting; try again shortly.").ConfigureAwait(false);
            return;
        }

        RouteMatch? match = ready.Routes.Match(context.Request.Method, context.Request.Path.Value ?? "/");
        if (match is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (match.Route.RequiresKey && !ready.Keys.IsAuthorized(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // The host refuses an oversize body before invoking anything, as the Functions host does.
        if (context.Request.ContentLength > MaxRequestBodyBytes)
        {
            await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxRequestBodyBytes / (1024 * 1024)} MB.").ConfigureAwait(false);
            return;
        }

        // A chunked body has no length up front: the server stops it at the limit while it streams.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxRequestBodyBytes;
        }

        string invocationId = Guid.NewGuid().ToString();
        using HttpRequestMessage forward = CreateForwardRequest(context, ready.WorkerHttpUri, invocationId);

        // The invocation goes out first; the worker holds the HTTP request until the two meet.
        Task<Protocol.InvocationResponse> invocation = runtime.Channel.InvokeAsync(Invocations.Http(match, invocationId), context.RequestAborted);
        try
        {
            using HttpResponseMessage answer = await client.SendAsync(forward, context.RequestAborted).ConfigureAwait(false);
            await CopyResponseAsync(context, answer).ConfigureAwait(false);

            // The client has its whole answer now; the invocation's own result only matters for the log.
            await context.Response.CompleteAsync().ConfigureAwait(false);
            Protocol.InvocationResponse result = await invocation.ConfigureAwait(false);
            if (result.Result?.Status == Protocol.StatusResult.Types.Status.Failure)
            {
                logger.InvocationFailed(match.Route.Function.Name, invocationId, result.Result.Exception?.Message);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception exception) when (BadBody(exception) is { } badBody)
        {
            // The client's body broke off before its Content-Length, was badly chunked, came too slowly or grew past the
            // limit while it was streamed to the worker: the client's error, not the function's.
            if (!context.Response.HasStarted)
            {
                var (status, detail) = badBody.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => (StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxRequestBodyBytes / (1024 * 1024)} MB."),
                    StatusCodes.Status408RequestTimeout => (StatusCodes.Status408RequestTimeout, "The request body arrived too slowly, or stopped before its Content-Length."),
                    _ => (StatusCodes.Status400BadRequest, "The request body could not be read: it ended before its Content-Length, or its chunked encoding is malformed."),
                };
                await WriteProblemAsync(context, status, detail).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException exception)
        {
            logger.WorkerHttpFailed(exception, match.Route.Function.Name);
            if (!context.Response.HasStarted)
            {
                await WriteProblemAsync(context, StatusCodes.Status502BadGateway, "The function app did not answer.").ConfigureAwait(false);
            }
        }
        finally
        {
            _ = invocation.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    private static BadHttpRequestException? BadBody(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException bad)
            {
                return bad;
            }
        }

        return null;
    }

    private static HttpRequestMessage CreateForwardRequest(HttpContext context, Uri workerUri, string invocationId)
    {
        HttpRequest request = context.Request;
        var target = new Uri(workerUri, request.PathBase + request.Path + request.QueryString);
        var forward = new HttpRequestMessage(new HttpMethod(request.Method), target) { Version = HttpVersion.Version11 };

        // Only requests that can carry a body get content; the body is streamed, not buffered.
        bool hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0
            || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;
        if (hasBody)
        {
            forward.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (_hopHeaders.Contains(name))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values) && forward.Content is not null)
            {
                forward.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        forward.Headers.TryAddWithoutValidation(InvocationHeader, invocationId);
        return forward;
    }

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage answer)
    {
        HttpResponse response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers)
        {
            if (!_hopHeaders.Contains(name))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        foreach (var (name, values) in answer.Content.Headers)
        {
            response.Headers[name] = values.ToArray();
        }

        await answer.Content.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status).ExecuteAsync(context);
}
