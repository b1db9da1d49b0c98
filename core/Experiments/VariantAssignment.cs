using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Recommender.Core.Experiments;

/// <summary>
/// Assigns users to variants by a stable hash: SHA-256 of the experiment id and the user id gives a position in [0, 1),
/// and the variants own consecutive slices of [0, 1) as wide as their shares. No state is kept, so every instance
/// (and every restart) puts a user in the same variant.
/// </summary>
public static class VariantAssignment
{
    private const double TwoToThe53 = 9007199254740992d;

    /// <summary>The user's position in [0, 1) for this experiment: uniform over users, fixed for one user.</summary>
    public static double Position(string experimentId, string userId)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(userId);

        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        string key = experimentId + "\n" + userId;
        int length = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int written = Encoding.UTF8.GetBytes(key, rented);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(rented.AsSpan(0, written), hash);

            // The top 53 bits make a double in [0, 1) exactly.
            return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / TwoToThe53;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The index of the variant whose slice holds <paramref name="position"/>.</summary>
    public static int Pick(IReadOnlyList<ExperimentVariant> variants, double position)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentOutOfRangeException.ThrowIfZero(variants.Count);
        double end = 0;
        for (int i = 0; i < variants.Count; i++)
        {
            end += variants[i].Share;
            if (position < end)
            {
                return i;
            }
        }

        // Shares sum to 1 within rounding; a position in the rounding gap belongs to the last variant.
        return variants.Count - 1;
    }
}
