namespace Recommender.Core.Storage;

/// <summary>A storage request failed; carries the HTTP status, the storage error code and the request ids.</summary>
public sealed class StorageRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageRequestException(string message, int status, string? errorCode, string? requestId, string? clientRequestId, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        RequestId = requestId;
        ClientRequestId = clientRequestId;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StorageRequestException()
        : this("A storage request failed.", 0, null, null, null)
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StorageRequestException(string message)
        : this(message, 0, null, null, null)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public StorageRequestException(string message, Exception innerException)
        : this(message, 0, null, null, null, innerException)
    {
    }

    /// <summary>HTTP status; 0 when no response came back (endpoint unreachable, timeouts).</summary>
    public int Status { get; }

    /// <summary>The storage error code (x-ms-error-code or the error body), e.g. AuthenticationFailed, ContainerNotFound.</summary>
    public string? ErrorCode { get; }

    /// <summary>The service's request id (x-ms-request-id), for support tickets and server logs.</summary>
    public string? RequestId { get; }

    /// <summary>The client request id (x-ms-client-request-id) this client sent.</summary>
    public string? ClientRequestId { get; }
}
