using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Recommender.Core.Storage.Internals;

/// <summary>One storage service endpoint with its Azure.Core pipeline: builds requests, sends them, and turns failures into <see cref="StorageRequestException"/>.</summary>
internal sealed class StorageService
{
    private const string StorageScope = "https://storage.azure.com/.default";
    private readonly string _baseUri;
    private readonly string _version;
    private readonly int _tries;

    internal StorageService(StorageServiceKind kind, StorageConnection connection, StorageClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new StorageClientOptions();
        Kind = kind;
        Endpoint = kind switch
        {
            StorageServiceKind.Blob => connection.BlobEndpoint,
            StorageServiceKind.Queue => connection.QueueEndpoint,
            _ => connection.TableEndpoint,
        } ?? throw new InvalidOperationException($"The storage configuration ({StorageConnection.SettingName}) has no {Name} endpoint.");
        _baseUri = Endpoint.AbsoluteUri.TrimEnd('/');
        _version = kind == StorageServiceKind.Table ? "2019-02-02" : "2021-12-02";
        _tries = options.Retry.MaxRetries + 1;
        HttpPipelinePolicy auth = connection.SharedKey is not null
            ? new SharedKeyPolicy(connection.SharedKey, kind == StorageServiceKind.Table)
            : new BearerTokenAuthenticationPolicy(connection.TokenCredential!, StorageScope);
        Pipeline = HttpPipelineBuilder.Build(options, [], [auth], new ResponseClassifier());
    }

    internal StorageServiceKind Kind { get; }

    internal Uri Endpoint { get; }

    internal HttpPipeline Pipeline { get; }

    internal string Name => Kind switch
    {
        StorageServiceKind.Blob => "blob",
        StorageServiceKind.Queue => "queue",
        _ => "table",
    };

    /// <summary>A request for <paramref name="path"/> (already escaped, relative to the endpoint) with the API version set.</summary>
    internal HttpMessage CreateMessage(RequestMethod method, string path)
    {
        HttpMessage message = Pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(path.Length == 0 ? _baseUri : _baseUri + "/" + path));
        message.Request.Headers.SetValue("x-ms-version", _version);
        return message;
    }

    /// <summary>Sends through the pipeline (retries, timeouts, signing); transport failures become <see cref="StorageRequestException"/>.</summary>
    internal async ValueTask<Response> SendAsync(HttpMessage message, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return message.Response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or IOException or OperationCanceledException or System.Net.Http.HttpRequestException)
        {
            Exception root = ex;
            while (root.InnerException is not null)
            {
                root = root.InnerException;
            }

            string? clientRequestId = message.Request.ClientRequestId;
            throw new StorageRequestException(
                $"{operation} failed: could not reach the {Name} endpoint {Endpoint} after {_tries} tries ({root.Message}). " +
                $"Check {StorageConnection.SettingName} and that the storage account (or Azurite) is running and reachable.",
                0,
                null,
                null,
                clientRequestId,
                ex);
        }
    }

    /// <summary>The exception for an error response, with a message a person can act on.</summary>
    internal StorageRequestException Error(Response response, string operation)
    {
        string? code = response.Headers.TryGetValue("x-ms-error-code", out string? header) ? header : null;
        string? detail = null;
        ReadErrorBody(response, ref code, ref detail);
        response.Headers.TryGetValue("x-ms-request-id", out string? requestId);
        string ids = $" (status {response.Status}, request id {requestId ?? "-"}, client request id {response.ClientRequestId ?? "-"})";
        string message = (response.Status, code) switch
        {
            (403, _) or (401, _) =>
                $"{operation} failed: the {Name} service rejected the account key or token ({code ?? "Forbidden"}): check {StorageConnection.SettingName} " +
                "(account name and key, or the identity's storage data role).",
            (404, "ContainerNotFound" or "QueueNotFound" or "TableNotFound" or "ResourceNotFound") =>
                $"{operation} failed: {code}: it does not exist on {Endpoint}; create it first or check the name.",
            _ => $"{operation} failed: {code ?? response.ReasonPhrase}{(detail is null ? string.Empty : ": " + detail)}",
        };
        return new StorageRequestException(message + ids, response.Status, code, requestId, response.ClientRequestId);
    }

    private static void ReadErrorBody(Response response, ref string? code, ref string? detail)
    {
        string text;
        try
        {
            Stream? stream = response.ContentStream;
            if (stream is null)
            {
                return;
            }

            if (stream.CanSeek)
            {
                stream.Position = 0;
            }

            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            text = reader.ReadToEnd();
        }
        catch (IOException)
        {
            return;
        }

        text = text.Trim();
        try
        {
            if (text.StartsWith('<'))
            {
                XElement root = XElement.Parse(text);
                code ??= root.Element("Code")?.Value;
                detail = FirstLine(root.Element("Message")?.Value);
            }
            else if (text.StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.TryGetProperty("odata.error", out JsonElement error))
                {
                    code ??= error.TryGetProperty("code", out JsonElement c) ? c.GetString() : null;
                    if (error.TryGetProperty("message", out JsonElement m))
                    {
                        detail = FirstLine(m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out JsonElement v) ? v.GetString() : m.ToString());
                    }
                }
            }
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or JsonException)
        {
            detail = FirstLine(text);
        }
    }

    private static string? FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? text : text[..newline]).Trim();
    }
}
