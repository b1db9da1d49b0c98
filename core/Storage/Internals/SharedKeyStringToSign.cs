using System.Text;
using Azure.Core;

namespace Recommender.Core.Storage.Internals;

/// <summary>Builds the Shared Key strings to sign, per the Azure Storage REST reference ("Authorize with Shared Key").</summary>
internal static class SharedKeyStringToSign
{
    /// <summary>Blob and Queue services, Shared Key (version 2015-02-21 and later: Content-Length empty when zero).</summary>
    internal static string ForBlobOrQueue(Request request, string accountName)
    {
        var sb = new StringBuilder(256);
        sb.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
        AppendHeader(sb, request, "Content-Encoding");
        AppendHeader(sb, request, "Content-Language");
        long length = 0;
        if (request.Content is not null && request.Content.TryComputeLength(out long computed))
        {
            length = computed;
        }

        sb.Append(length == 0 ? string.Empty : length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        AppendHeader(sb, request, "Content-MD5");
        AppendHeader(sb, request, "Content-Type");
        AppendHeader(sb, request, "Date");
        AppendHeader(sb, request, "If-Modified-Since");
        AppendHeader(sb, request, "If-Match");
        AppendHeader(sb, request, "If-None-Match");
        AppendHeader(sb, request, "If-Unmodified-Since");
        AppendHeader(sb, request, "Range");
        AppendCanonicalizedHeaders(sb, request);
        AppendCanonicalizedResource(sb, request.Uri.ToUri(), accountName, allQueryParameters: true);
        return sb.ToString();
    }

    /// <summary>Table service, Shared Key Lite: the date, then the resource with only the comp parameter.</summary>
    internal static string ForTableLite(Request request, string accountName)
    {
        var sb = new StringBuilder(128);
        request.Headers.TryGetValue("x-ms-date", out string? date);
        sb.Append(date).Append('\n');
        AppendCanonicalizedResource(sb, request.Uri.ToUri(), accountName, allQueryParameters: false);
        return sb.ToString();
    }

    private static void AppendHeader(StringBuilder sb, Request request, string name)
    {
        if (request.Headers.TryGetValue(name, out string? value))
        {
            sb.Append(value);
        }

        sb.Append('\n');
    }

    private static void AppendCanonicalizedHeaders(StringBuilder sb, Request request)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (HttpHeader header in request.Headers)
        {
            if (header.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(new(header.Name.ToLowerInvariant(), header.Value.Trim()));
            }
        }

        headers.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (name, value) in headers)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    private static void AppendCanonicalizedResource(StringBuilder sb, Uri uri, string accountName, bool allQueryParameters)
    {
        sb.Append('/').Append(accountName).Append(uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath);
        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        string query = uri.Query.TrimStart('?');
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            string value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (!parameters.TryGetValue(name, out var values))
            {
                parameters[name] = values = [];
            }

            values.Add(value);
        }

        if (allQueryParameters)
        {
            foreach (var (name, values) in parameters)
            {
                values.Sort(StringComparer.Ordinal);
                sb.Append('\n').Append(name).Append(':').AppendJoin(',', values);
            }
        }
        else if (parameters.TryGetValue("comp", out var comp))
        {
            sb.Append("?comp=").Append(comp[0]);
        }
    }
}
