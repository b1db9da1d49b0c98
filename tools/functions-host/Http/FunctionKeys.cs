using System.Security.Cryptography;
using System.Text;

namespace Recommender.FunctionsHost.Http;

/// <summary>
/// The function key check: a request to a Function-level route carries the key in header <c>x-functions-key</c> or
/// query parameter <c>code</c>. The one accepted key is the app setting <c>AdminKey</c>; without it no key is valid.
/// </summary>
internal sealed class FunctionKeys(string? adminKey)
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    private readonly byte[]? _expected = string.IsNullOrEmpty(adminKey) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(adminKey));

    public bool IsConfigured => _expected is not null;

    public bool IsAuthorized(HttpRequest request)
    {
        string? presented = request.Headers[HeaderName].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query[QueryName].FirstOrDefault();
        }

        return Matches(presented);
    }

    /// <summary>
    /// Compares in constant time. Both sides are hashed first, so neither the key's length nor the position of the
    /// first wrong character shows in the time taken.
    /// </summary>
    public bool Matches(string? presented)
    {
        if (_expected is null || string.IsNullOrEmpty(presented))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(_expected, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }
}
