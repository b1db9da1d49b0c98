using Azure.Core;
using Azure.Core.Pipeline;
using Recommender.Core.Storage;
using Recommender.Core.Storage.Internals;

namespace Recommender.Tests.Storage;

public class SharedKeySignatureTests
{
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static Request NewRequest(RequestMethod method, string uri)
    {
        HttpMessage message = HttpPipelineBuilder.Build(new StorageClientOptions()).CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(uri));
        return message.Request;
    }

    [Fact]
    public void BlobStringToSign_FollowsTheRestReference()
    {
        Request request = NewRequest(RequestMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/my-container/dir/my%20blob.txt?comp=block&blockid=YWJj%3D%3D");
        request.Headers.SetValue("x-ms-version", "2021-12-02");
        request.Headers.SetValue("x-ms-date", "Tue, 01 Jan 2030 00:00:00 GMT");
        request.Headers.SetValue("X-MS-Meta-Name", "  value with spaces ");
        request.Headers.SetValue("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==");
        request.Headers.SetValue("If-Match", "\"0x8D0\"");
        request.Content = RequestContent.Create("hello"u8.ToArray());

        string stringToSign = SharedKeyStringToSign.ForBlobOrQueue(request, "devstoreaccount1");

        Assert.Equal(
            "PUT\n\n\n5\nXUFAKrxLKna5cZ2REBfFkg==\n\n\n\n\"0x8D0\"\n\n\n\n" +
            "x-ms-date:Tue, 01 Jan 2030 00:00:00 GMT\nx-ms-meta-name:value with spaces\nx-ms-version:2021-12-02\n" +
            "/devstoreaccount1/devstoreaccount1/my-container/dir/my%20blob.txt\nblockid:YWJj==\ncomp:block",
            stringToSign);
    }

    [Fact]
    public void Signature_IsHmacSha256OfTheStringToSign_WithTheDecodedKey()
    {
        // Expected value computed independently with Python's hmac module.
        var credential = new StorageSharedKeyCredential("devstoreaccount1", DevKey);
        string stringToSign =
            "PUT\n\n\n5\nXUFAKrxLKna5cZ2REBfFkg==\n\n\n\n\"0x8D0\"\n\n\n\n" +
            "x-ms-date:Tue, 01 Jan 2030 00:00:00 GMT\nx-ms-meta-name:value with spaces\nx-ms-version:2021-12-02\n" +
            "/devstoreaccount1/devstoreaccount1/my-container/dir/my%20blob.txt\nblockid:YWJj==\ncomp:block";

        Assert.Equal("qp67jW877Siu0qjgQ3z9QLw4MiURESTbf6XFLFIAn2M=", credential.ComputeSignature(stringToSign));
    }

    [Fact]
    public void EmptyBody_LeavesContentLengthEmpty()
    {
        Request request = NewRequest(RequestMethod.Get, "http://127.0.0.1:10001/devstoreaccount1/q1/messages?numofmessages=2&visibilitytimeout=5");
        request.Headers.SetValue("x-ms-date", "Tue, 01 Jan 2030 00:00:00 GMT");

        string stringToSign = SharedKeyStringToSign.ForBlobOrQueue(request, "devstoreaccount1");

        Assert.Equal(
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Tue, 01 Jan 2030 00:00:00 GMT\n/devstoreaccount1/devstoreaccount1/q1/messages\nnumofmessages:2\nvisibilitytimeout:5",
            stringToSign);
    }

    [Fact]
    public void TableLiteStringToSign_IsDateAndResourceWithOnlyComp()
    {
        Request request = NewRequest(RequestMethod.Get, "http://127.0.0.1:10002/devstoreaccount1/mytable(PartitionKey='a',RowKey='b')?$select=X");
        request.Headers.SetValue("x-ms-date", "Tue, 01 Jan 2030 00:00:00 GMT");
        var credential = new StorageSharedKeyCredential("devstoreaccount1", DevKey);

        string stringToSign = SharedKeyStringToSign.ForTableLite(request, "devstoreaccount1");

        Assert.Equal("Tue, 01 Jan 2030 00:00:00 GMT\n/devstoreaccount1/devstoreaccount1/mytable(PartitionKey='a',RowKey='b')", stringToSign);
        Assert.Equal("8IiAzMD6vyd5w4UsyE6xDtTxauSjIX5cpzx/tEBtcxY=", credential.ComputeSignature(stringToSign));
    }
}
