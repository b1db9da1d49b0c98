using System.Security.Cryptography;
using System.Text;

namespace Recommender.Core.Storage;

/// <summary>A storage account name and its key, used to sign requests with Shared Key.</summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _key;

    /// <summary>Creates the credential; <paramref name="accountKey"/> is the base64 key shown by the portal.</summary>
    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            // Never echo the key: it is a secret even when malformed.
            throw new FormatException($"The account key for storage account '{accountName}' is not valid base64.");
        }
    }

    /// <summary>The storage account name.</summary>
    public string AccountName { get; }

    /// <summary>Base64 HMAC-SHA256 of <paramref name="stringToSign"/> with the account key.</summary>
    public string ComputeSignature(string stringToSign)
    {
        byte[] mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign));
        return Convert.ToBase64String(mac);
    }

    /// <summary>Never reveals the key.</summary>
    public override string ToString() => $"SharedKey({AccountName})";
}
