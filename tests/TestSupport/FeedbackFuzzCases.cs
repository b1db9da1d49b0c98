using System.Text;

namespace Recommender.Tests.TestSupport;

/// <summary>
/// Seeded malformed feedback requests: mutated bodies (bytes dropped, inserted, truncated; values of the wrong type;
/// deep nesting; invalid UTF-8; repeated keys), odd content types and odd paths. Shared by the fuzz test and the fault
/// runner (tools/faults), so both send the same cases for the same seed.
/// </summary>
internal static class FeedbackFuzzCases
{
    private static readonly string[] _valid =
    [
        """{"userId":"fuzz-user","itemId":"movie-1","event":"like"}""",
        """{"userId":"fuzz-user","itemId":"movie-2","event":"rating","value":4.5,"timestamp":"2026-11-29T21:00:00Z"}""",
        """{"userId":"fuzz-user","itemId":"movie-3","event":"dislike","eventId":"fuzz-1"}""",
    ];

    private static readonly string[] _fragments =
    [
        "null", "true", "1e999", "-0", "NaN", "\"\"", "[]", "{}", "\"like,dislike\"", "99", "\"\\u0000\"", "\"\\ud800\"",
        new string('[', 200), "\"" + new string('x', 300) + "\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
    ];

    private static readonly string[] _contentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/jsonx", "text/plain", "application/x-www-form-urlencoded",
        "application/json; charset=utf-16", "multipart/form-data; boundary=x", "*/*", "application/problem+json",
    ];

    public static HttpRequestMessage Next(Random random, out string shown)
    {
        byte[] body = Encoding.UTF8.GetBytes(_valid[random.Next(_valid.Length)]);
        string path = "/api/feedback";
        switch (random.Next(8))
        {
            case 0:
                body = Mutate(body, random, drop: true);
                break;
            case 1:
                body = Mutate(body, random, drop: false);
                break;
            case 2:
                body = body[..random.Next(body.Length)];
                break;
            case 3:
                // A field's value replaced by something of another type or range.
                string text = Encoding.UTF8.GetString(body);
                int colon = text.IndexOf(':', random.Next(text.Length / 2));
                int end = colon < 0 ? -1 : text.IndexOfAny([',', '}'], colon);
                body = colon < 0 || end < 0 ? body : Encoding.UTF8.GetBytes(text[..(colon + 1)] + _fragments[random.Next(_fragments.Length)] + text[end..]);
                break;
            case 4:
                body = [.. body, .. new byte[] { 0xC3, 0x28, 0xFF }];
                break;
            case 5:
                body = new byte[random.Next(1, 64)];
                random.NextBytes(body);
                break;
            case 6:
                path = random.Next(3) switch
                {
                    0 => "/api/feedback/" + Uri.EscapeDataString("\u0000x"),
                    1 => "/api/feedback?" + new string('q', 2000),
                    _ => "/api/" + new string('f', random.Next(1, 500)),
                };
                break;
            default:
                body = Encoding.UTF8.GetBytes("{" + string.Concat(Enumerable.Repeat("\"userId\":\"u\",", random.Next(1, 50))) + "\"itemId\":\"i\",\"event\":\"like\"}");
                break;
        }

        // Mostly JSON, so the body mutations reach the parser; the rest try the media type check.
        string contentType = random.Next(4) == 0 ? _contentTypes[random.Next(_contentTypes.Length)] : "application/json";
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        shown = $"POST {path[..Math.Min(path.Length, 60)]} ({contentType}) {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 120)])}";
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    private static byte[] Mutate(byte[] body, Random random, bool drop)
    {
        var bytes = new List<byte>(body);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            if (drop)
            {
                bytes.RemoveAt(at);
            }
            else
            {
                bytes.Insert(at, (byte)random.Next(256));
            }
        }

        return [.. bytes];
    }
}
