namespace Recommender.Core.Serving;

/// <summary>
/// An int8 copy of the item factors (one scale per item), laid out for a VNNI scan, with what is needed to bound
/// how far a quantised score can be from the exact one. Built once per model load; about 4x fewer bytes than the floats.
/// </summary>
/// <remarks>
/// Layout: items in blocks of <see cref="BlockItems"/>; inside a block, for each group of four factors, the four
/// codes of item 0, then of item 1, ... so one 32-byte load feeds eight items' dot products with no horizontal sum.
/// Factor counts are padded to a multiple of eight (an even number of groups, so a 64-byte load always holds two whole
/// groups) and item counts to a multiple of the block, with zero codes.
/// </remarks>
public sealed class QuantizedItemFactors
{
    /// <summary>Items per block: eight 32-bit lanes of a 256-bit vector.</summary>
    public const int BlockItems = 8;

    /// <summary>Factors per group: the four bytes one VNNI lane multiplies and sums.</summary>
    public const int GroupFactors = 4;

    /// <summary>Bytes of one group of one block: a 256-bit vector.</summary>
    public const int GroupBytes = GroupFactors * BlockItems;

    /// <summary>Largest code magnitude; -128 is never used so that negating a code cannot overflow.</summary>
    public const int CodeLimit = 127;

    /// <summary>Quantises a row-major item-factor matrix.</summary>
    public QuantizedItemFactors(ReadOnlySpan<float> itemFactors, int items, int factors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(factors, 1);
        if (itemFactors.Length != (long)items * factors)
        {
            throw new ArgumentException($"Item matrix of {itemFactors.Length} floats does not hold {items} rows of {factors} factors.", nameof(itemFactors));
        }

        Items = items;
        Factors = factors;
        Groups = 2 * ((factors + (2 * GroupFactors) - 1) / (2 * GroupFactors));
        Blocks = (items + BlockItems - 1) / BlockItems;
        int padded = Blocks * BlockItems;
        Codes = new sbyte[(long)Blocks * Groups * GroupFactors * BlockItems];
        Scales = new float[padded];
        CodeSums = new int[padded];
        Norms = new float[padded];
        ErrorNorms = new float[padded];

        for (int i = 0; i < items; i++)
        {
            ReadOnlySpan<float> y = itemFactors.Slice(i * factors, factors);
            float max = 0f;
            foreach (float v in y)
            {
                max = MathF.Max(max, MathF.Abs(v));
            }

            float scale = max > 0f && float.IsFinite(max) ? max / CodeLimit : 0f;
            int block = i / BlockItems;
            int lane = i % BlockItems;
            int codeSum = 0;
            double norm = 0;
            double error = 0;
            for (int k = 0; k < factors; k++)
            {
                int code = scale > 0f ? Math.Clamp((int)MathF.Round(y[k] / scale), -CodeLimit, CodeLimit) : 0;
                Codes[CodeIndex(block, k / GroupFactors, lane, k % GroupFactors)] = (sbyte)code;
                codeSum += code;
                double residual = y[k] - ((double)scale * code);
                error += residual * residual;
                norm += (double)y[k] * y[k];
            }

            Scales[i] = scale;

            // The scans store the query offset to unsigned bytes, so each dot product carries offset x the code sum.
            CodeSums[i] = codeSum;

            // Rounded up a little, so float rounding cannot make the error bound smaller than the real error.
            Norms[i] = (float)(Math.Sqrt(norm) * (1 + 1e-6));
            ErrorNorms[i] = (float)(Math.Sqrt(error) * (1 + 1e-6));
        }
    }

    public int Items { get; }

    public int Factors { get; }

    /// <summary>Factor groups of four per item (factors rounded up to a multiple of eight).</summary>
    public int Groups { get; }

    /// <summary>Blocks of <see cref="BlockItems"/> items (items rounded up).</summary>
    public int Blocks { get; }

    /// <summary>The codes in block layout; item i's factor k is approximately Scales[i] x code.</summary>
    internal sbyte[] Codes { get; }

    /// <summary>Per-item scale (0 for an all-zero item and for padding).</summary>
    internal float[] Scales { get; }

    /// <summary>Per-item sum of codes: times the query offset, it is subtracted from the offset-query dot product.</summary>
    internal int[] CodeSums { get; }

    /// <summary>Per-item L2 norm of the float factors (upper-rounded).</summary>
    internal float[] Norms { get; }

    /// <summary>Per-item L2 norm of (factors - scale x codes) (upper-rounded).</summary>
    internal float[] ErrorNorms { get; }

    /// <summary>Bytes held, for reporting.</summary>
    public long Bytes => Codes.LongLength + (4L * (Scales.Length + CodeSums.Length + Norms.Length + ErrorNorms.Length));

    private int CodeIndex(int block, int group, int lane, int offset) =>
        (((block * Groups) + group) * GroupFactors * BlockItems) + (lane * GroupFactors) + offset;
}
