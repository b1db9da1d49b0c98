namespace Recommender.Core.Artifacts;

/// <summary>A set of catalogue items as bits: item i is bit <c>i % 64</c> of word <c>i / 64</c>; bits past the last item stay clear.</summary>
public static class ItemBits
{
    /// <summary>Words needed for <paramref name="items"/> items.</summary>
    public static int Words(int items) => (items + 63) >> 6;

    public static void Set(Span<ulong> bits, int item) => bits[item >> 6] |= 1UL << item;

    public static bool Contains(ReadOnlySpan<ulong> bits, int item) =>
        (uint)(item >> 6) < (uint)bits.Length && (bits[item >> 6] & (1UL << item)) != 0;

    /// <summary>Turns the set of <paramref name="items"/> items into its complement, keeping the bits past the last item clear.</summary>
    public static void Invert(Span<ulong> bits, int items)
    {
        System.Numerics.Tensors.TensorPrimitives.OnesComplement(bits, bits);
        if ((items & 63) != 0)
        {
            bits[^1] &= (1UL << items) - 1;
        }
    }
}
