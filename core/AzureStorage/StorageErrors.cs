using Azure;

namespace Recommender.Core.AzureStorage;

/// <summary>
/// Turns the SDK's failures (a multi-line <see cref="RequestFailedException"/>, or the <see cref="AggregateException"/>
/// left when every retry failed to connect) into a <see cref="StorageUnavailableException"/> of one actionable line.
/// </summary>
public static class StorageErrors
{
    /// <summary>True for the exceptions an SDK storage call throws when the service refused or could not be reached.</summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        RequestFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(e => e is RequestFailedException or TaskCanceledException or IOException or HttpRequestException),
        _ => false,
    };

    /// <summary>The one-line exception for a failed <paramref name="operation"/> against <paramref name="endpoint"/>.</summary>
    public static StorageUnavailableException Describe(Exception exception, string operation, Uri? endpoint)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is StorageUnavailableException already)
        {
            return already;
        }

        string where = endpoint is null ? "the storage endpoint" : endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (exception is RequestFailedException { Status: > 0 } failed)
        {
            string code = failed.ErrorCode ?? $"status {failed.Status}";
            string message = (failed.Status, failed.ErrorCode) switch
            {
                (401 or 403, _) =>
                    $"{operation} failed: {where} rejected the account key or token ({code}); check {StorageAccountSettings.SettingName} " +
                    "(account name and key, or the identity's storage data role).",
                (404, _) => $"{operation} failed: {code}: it does not exist on {where}; create it first or check the name.",
                _ => $"{operation} failed: {code} (status {failed.Status}) from {where}.",
            };
            return new StorageUnavailableException(message, failed.Status, failed.ErrorCode, exception);
        }

        return new StorageUnavailableException(
            $"{operation} failed: could not reach {where} after {StorageClientDefaults.MaxRetries + 1} tries ({FirstLine(Root(exception).Message)}). " +
            $"Check {StorageAccountSettings.SettingName} and that the storage account (or Azurite) is running and reachable.",
            0,
            null,
            exception);
    }

    private static Exception Root(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            exception = aggregate.InnerExceptions[^1];
        }

        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOfAny(['\r', '\n']);
        return (newline < 0 ? text : text[..newline]).Trim();
    }
}
