using System.Numerics;
using System.Runtime.InteropServices;
using Recommender.Core.Artifacts;

namespace Recommender.Core.Serving;

/// <summary>
/// What a request keeps out of an answer besides the user's seen items: a few items by index (blocked items,
/// dislikes) and, for a genre filter, a bit per catalogue item (<see cref="ItemBits"/>; empty when there is none).
/// </summary>
public readonly ref struct ExcludedItems(ReadOnlySpan<int> indices, ReadOnlySpan<ulong> bits)
{
    // Entry b spreads the eight bits of b over eight bytes (bit j to byte j), so one lookup marks eight items.
    private static readonly ulong[] _byteMasks = SpreadBits();

    public ReadOnlySpan<int> Indices { get; } = indices;

    public ReadOnlySpan<ulong> Bits { get; } = bits;

    /// <summary>Whether an item is excluded by its bit (a listed index is not looked up: callers mask those themselves).</summary>
    public bool HasBit(int item) => !Bits.IsEmpty && ItemBits.Contains(Bits, item);

    /// <summary>Sets the score of every excluded item to negative infinity.</summary>
    public void MaskScores(Span<float> scores)
    {
        foreach (int item in Indices)
        {
            if ((uint)item < (uint)scores.Length)
            {
                scores[item] = float.NegativeInfinity;
            }
        }

        for (int w = 0; w < Bits.Length; w++)
        {
            ulong word = Bits[w];
            while (word != 0)
            {
                int item = (w << 6) + BitOperations.TrailingZeroCount(word);
                if ((uint)item < (uint)scores.Length)
                {
                    scores[item] = float.NegativeInfinity;
                }

                word &= word - 1;
            }
        }
    }

    /// <summary>Sets <paramref name="masked"/>[i] to 1 for every excluded item i (others are left as they are).</summary>
    public void Mark(Span<byte> masked)
    {
        foreach (int item in Indices)
        {
            if ((uint)item < (uint)masked.Length)
            {
                masked[item] = 1;
            }
        }

        // Whole words eight bytes at a time, then the items of a last, partial word one by one.
        int whole = Math.Min(Bits.Length, masked.Length >> 6);
        Span<ulong> wide = MemoryMarshal.Cast<byte, ulong>(masked[..(whole << 6)]);
        for (int w = 0; w < whole; w++)
        {
            ulong word = Bits[w];
            if (word == 0)
            {
                continue;
            }

            Span<ulong> eight = wide.Slice(w << 3, 8);
            for (int b = 0; b < 8; b++)
            {
                eight[b] |= _byteMasks[(byte)(word >> (b << 3))];
            }
        }

        for (int item = whole << 6; item < masked.Length && (item >> 6) < Bits.Length; item++)
        {
            if (ItemBits.Contains(Bits, item))
            {
                masked[item] = 1;
            }
        }
    }

    private static ulong[] SpreadBits()
    {
        var masks = new ulong[256];
        Span<byte> bytes = stackalloc byte[8];
        for (int b = 0; b < masks.Length; b++)
        {
            for (int j = 0; j < 8; j++)
            {
                bytes[j] = (byte)((b >> j) & 1);
            }

            masks[b] = MemoryMarshal.Read<ulong>(bytes);
        }

        return masks;
    }
}
