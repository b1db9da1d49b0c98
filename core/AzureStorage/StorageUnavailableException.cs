namespace Recommender.Core.AzureStorage;

/// <summary>A storage operation failed; the message is one sentence naming the operation, the cause and what to check.</summary>
public sealed class StorageUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public StorageUnavailableException(string message, int status, string? errorCode, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StorageUnavailableException()
        : this("A storage request failed.", 0, null)
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StorageUnavailableException(string message)
        : this(message, 0, null)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public StorageUnavailableException(string message, Exception innerException)
        : this(message, 0, null, innerException)
    {
    }

    /// <summary>HTTP status; 0 when no response came back (endpoint unreachable, timeouts).</summary>
    public int Status { get; }

    /// <summary>The storage error code, e.g. AuthorizationFailure, ContainerNotFound; null when no response came back.</summary>
    public string? ErrorCode { get; }
}
