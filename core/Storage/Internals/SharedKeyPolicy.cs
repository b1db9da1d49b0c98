using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Recommender.Core.Storage.Internals;

/// <summary>Signs each try with Shared Key (Blob, Queue) or Shared Key Lite (Table); runs per retry so the date is fresh.</summary>
internal sealed class SharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private readonly StorageSharedKeyCredential _credential;
    private readonly bool _table;

    internal SharedKeyPolicy(StorageSharedKeyCredential credential, bool table)
    {
        _credential = credential;
        _table = table;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        Request request = message.Request;
        request.Headers.SetValue("x-ms-date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        string stringToSign = _table
            ? SharedKeyStringToSign.ForTableLite(request, _credential.AccountName)
            : SharedKeyStringToSign.ForBlobOrQueue(request, _credential.AccountName);
        string scheme = _table ? "SharedKeyLite" : "SharedKey";
        request.Headers.SetValue(HttpHeader.Names.Authorization, $"{scheme} {_credential.AccountName}:{_credential.ComputeSignature(stringToSign)}");
    }
}
