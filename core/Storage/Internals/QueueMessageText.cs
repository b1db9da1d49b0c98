using System.Text;

namespace Recommender.Core.Storage.Internals;

/// <summary>Queue message text on the wire: base64 of UTF-8, the encoding the Azure Functions host reads and writes.</summary>
internal static class QueueMessageText
{
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Base64 of valid UTF-8 is decoded; anything else (a message some other writer stored as plain text) is returned as stored.</summary>
    internal static string Decode(string wire)
    {
        if (wire.Length == 0 || wire.Length % 4 != 0)
        {
            return wire;
        }

        byte[] bytes = new byte[wire.Length / 4 * 3];
        if (!Convert.TryFromBase64String(wire, bytes, out int written))
        {
            return wire;
        }

        try
        {
            return _strictUtf8.GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return wire;
        }
    }
}
