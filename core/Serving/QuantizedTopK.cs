using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Core.Serving;

/// <summary>
/// Exact top-K by dot product through an int8 scan: every item gets a quantised score and a proven error bound; only
/// items whose upper bound reaches the K-th best lower bound can be in the exact top-K, and only those are re-scored
/// in float. The result is the exact path's result (same items, same scores, same tie order), with about 4x fewer bytes read.
/// </summary>
internal static partial class QuantizedTopK
{
    /// <summary>
    /// Writes the top-K unmasked items into <paramref name="results"/> and returns how many; returns -1 when the
    /// query cannot be quantised (all zero or not finite), in which case the caller takes the exact path.
    /// </summary>
    public static int Select(QuantizedItemFactors quantized, ReadOnlySpan<float> itemFactors, ReadOnlySpan<float> query, ReadOnlySpan<int> seen, ExcludedItems excluded, ScoringPath path, Span<ScoredItem> results)
    {
        int k = results.Length;
        int n = quantized.Items;
        if (k == 0)
        {
            return 0;
        }

        ThrowIfUnsupported(path);
        int[] words = ArrayPool<int>.Shared.Rent(quantized.Groups * (QuantizedItemFactors.BlockItems + 1));
        Span<int> packed = words.AsSpan(0, quantized.Groups);
        if (!TryQuantize(quantized, query, path, packed, out BoundWeights weights))
        {
            ArrayPool<int>.Shared.Return(words);
            return -1;
        }

        byte[] mask = ArrayPool<byte>.Shared.Rent(n);
        int[] candidates = ArrayPool<int>.Shared.Rent(n);
        float[] uppers = ArrayPool<float>.Shared.Rent(n);
        float[] lowers = ArrayPool<float>.Shared.Rent(k);
        try
        {
            var shortlist = new Shortlist(mask, candidates, uppers, 0, n, lowers, 0, k, seen, excluded);
            switch (path)
            {
                case ScoringPath.QuantizedVnni:
                    ScanVnni(quantized, packed, weights, ref shortlist);
                    break;
                case ScoringPath.QuantizedAvx512BW:
                    ScanAvx512BW(quantized, packed, words.AsSpan(quantized.Groups, quantized.Groups * QuantizedItemFactors.BlockItems), weights, ref shortlist);
                    break;
                case ScoringPath.QuantizedAvx2:
                    ScanAvx2(quantized, packed, weights, ref shortlist);
                    break;
                default:
                    ScanPortable(quantized, packed, weights, ref shortlist);
                    break;
            }

            return Rescore(itemFactors, query, quantized.Factors, shortlist.Candidates, shortlist.Uppers, shortlist.Threshold, results);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(lowers);
            ArrayPool<float>.Shared.Return(uppers);
            ArrayPool<int>.Shared.Return(candidates);
            ArrayPool<byte>.Shared.Return(mask);
            ArrayPool<int>.Shared.Return(words);
        }
    }

    private static void ThrowIfUnsupported(ScoringPath path)
    {
        if (!ScoringPaths.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"This CPU cannot run the {ScoringPaths.Name(path)} scan.");
        }
    }

    /// <summary>
    /// Packs the query as offset bytes into <paramref name="packed"/> (one int per group of four factors) and computes
    /// its error-bound weights; false when the query cannot be quantised (all zero or not finite).
    /// </summary>
    private static bool TryQuantize(QuantizedItemFactors quantized, ReadOnlySpan<float> query, ScoringPath path, Span<int> packed, out BoundWeights weights)
    {
        int f = quantized.Factors;
        float max = 0f;
        double queryNorm = 0;
        foreach (float v in query)
        {
            max = MathF.Max(max, MathF.Abs(v));
            queryNorm += (double)v * v;
        }

        if (!(max > 0f) || !float.IsFinite(max))
        {
            weights = default;
            return false;
        }

        // VNNI sums four u8 x s8 products straight into 32 bits: query codes use the full byte (offset 128). vpmaddubsw
        // first adds two products in 16 bits with saturation: with query codes within +-63 (offset 64, so at most 127)
        // and item codes within +-127, a pair stays below 2 x 127 x 127 = 32,258 and never saturates.
        bool pairwise = path is ScoringPath.QuantizedAvx512BW or ScoringPath.QuantizedAvx2;
        int limit = pairwise ? 63 : QuantizedItemFactors.CodeLimit;
        int offset = limit + 1;

        // The query as unsigned bytes offset by +offset (the scans multiply u8 by s8), four per int.
        float step = max / limit;
        double errorNorm = 0;
        double roundedNorm = 0;
        packed.Clear();
        for (int j = 0; j < f; j++)
        {
            int code = Math.Clamp((int)MathF.Round(query[j] / step), -limit, limit);
            packed[j / 4] |= (code + offset) << (8 * (j % 4));
            double rounded = (double)step * code;
            errorNorm += (query[j] - rounded) * (query[j] - rounded);
            roundedNorm += rounded * rounded;
        }

        // Padding factors hold the offset alone (code 0); their item codes are 0, so they add nothing.
        for (int j = f; j < quantized.Groups * 4; j++)
        {
            packed[j / 4] |= offset << (8 * (j % 4));
        }

        // |x.y - x'.y'| <= |x - x'| |y| + |x'| |y - y'| (Cauchy-Schwarz), plus a margin for float rounding in both
        // this bound and the exact dot product, so the bound is never smaller than the real difference.
        double slack = 8.0 * (f + 8) / (1 << 23);
        double xNorm = Math.Sqrt(queryNorm);
        double xRoundedNorm = Math.Sqrt(roundedNorm);
        weights = new BoundWeights(
            step,
            (float)((Math.Sqrt(errorNorm) + (slack * (xNorm + xRoundedNorm))) * (1 + 1e-6)),
            (float)(xRoundedNorm * (1 + slack) * (1 + 1e-6)),
            offset);
        return true;
    }

    private static void ScanVnni(QuantizedItemFactors quantized, ReadOnlySpan<int> packed, in BoundWeights weights, ref Shortlist shortlist)
    {
        int groups = quantized.Groups;
        ref sbyte codes = ref MemoryMarshal.GetArrayDataReference(quantized.Codes);
        ref int codeSums = ref MemoryMarshal.GetArrayDataReference(quantized.CodeSums);
        ref int words = ref MemoryMarshal.GetReference(packed);
        for (int b = 0; b < quantized.Blocks; b++)
        {
            int first = b * QuantizedItemFactors.BlockItems;
            ref sbyte block = ref Unsafe.Add(ref codes, b * groups * QuantizedItemFactors.GroupBytes);

            // Eight items' dot products side by side: each 32-byte load is four codes of each of the eight items,
            // multiplied by the same four query bytes broadcast to every lane.
            Vector256<int> acc = -Vector256.ShiftLeft(Vector256.LoadUnsafe(ref codeSums, (nuint)first), 7);
            for (int g = 0; g < groups; g++)
            {
                Vector256<byte> q = Vector256.Create(Unsafe.Add(ref words, g)).AsByte();
                acc = AvxVnni.MultiplyWideningAndAdd(acc, q, Vector256.LoadUnsafe(ref block, (nuint)(g * QuantizedItemFactors.GroupBytes)));
            }

            Offer(quantized, first, acc, weights, ref shortlist);
        }
    }

    private static void ScanAvx512BW(QuantizedItemFactors quantized, ReadOnlySpan<int> packed, Span<int> pairs, in BoundWeights weights, ref Shortlist shortlist)
    {
        int groups = quantized.Groups;

        // Query words for two groups side by side (group g in the low 256 bits, g + 1 in the high), matching one
        // 64-byte load of the block layout; the group count is even by construction.
        for (int g = 0; g < groups; g++)
        {
            pairs.Slice(g * QuantizedItemFactors.BlockItems, QuantizedItemFactors.BlockItems).Fill(packed[g]);
        }

        ref sbyte codes = ref MemoryMarshal.GetArrayDataReference(quantized.Codes);
        ref int codeSums = ref MemoryMarshal.GetArrayDataReference(quantized.CodeSums);
        ref byte query = ref Unsafe.As<int, byte>(ref MemoryMarshal.GetReference(pairs));
        Vector512<short> ones = Vector512<short>.One;
        for (int b = 0; b < quantized.Blocks; b++)
        {
            int first = b * QuantizedItemFactors.BlockItems;
            ref sbyte block = ref Unsafe.Add(ref codes, b * groups * QuantizedItemFactors.GroupBytes);

            // Two groups of eight items per load: u8 x s8 pairs summed to 16 bits, then pairs of those to 32 bits.
            Vector512<int> acc = Vector512<int>.Zero;
            for (int g = 0; g < groups; g += 2)
            {
                nuint at = (nuint)(g * QuantizedItemFactors.GroupBytes);
                Vector512<short> pairSums = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref query, at), Vector512.LoadUnsafe(ref block, at));
                acc += Avx512BW.MultiplyAddAdjacent(pairSums, ones);
            }

            // Fold the even-group and odd-group halves into the eight items' sums.
            Vector256<int> sum = acc.GetLower() + acc.GetUpper() - Vector256.ShiftLeft(Vector256.LoadUnsafe(ref codeSums, (nuint)first), 6);
            Offer(quantized, first, sum, weights, ref shortlist);
        }
    }

    private static void ScanAvx2(QuantizedItemFactors quantized, ReadOnlySpan<int> packed, in BoundWeights weights, ref Shortlist shortlist)
    {
        int groups = quantized.Groups;
        ref sbyte codes = ref MemoryMarshal.GetArrayDataReference(quantized.Codes);
        ref int codeSums = ref MemoryMarshal.GetArrayDataReference(quantized.CodeSums);
        ref int words = ref MemoryMarshal.GetReference(packed);
        Vector256<short> ones = Vector256<short>.One;
        for (int b = 0; b < quantized.Blocks; b++)
        {
            int first = b * QuantizedItemFactors.BlockItems;
            ref sbyte block = ref Unsafe.Add(ref codes, b * groups * QuantizedItemFactors.GroupBytes);

            // Two accumulators (even and odd groups) so consecutive groups do not wait on one add chain.
            Vector256<int> even = -Vector256.ShiftLeft(Vector256.LoadUnsafe(ref codeSums, (nuint)first), 6);
            Vector256<int> odd = Vector256<int>.Zero;
            for (int g = 0; g < groups; g += 2)
            {
                nuint at = (nuint)(g * QuantizedItemFactors.GroupBytes);
                Vector256<short> p0 = Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref words, g)).AsByte(), Vector256.LoadUnsafe(ref block, at));
                Vector256<short> p1 = Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref words, g + 1)).AsByte(), Vector256.LoadUnsafe(ref block, at + QuantizedItemFactors.GroupBytes));
                even += Avx2.MultiplyAddAdjacent(p0, ones);
                odd += Avx2.MultiplyAddAdjacent(p1, ones);
            }

            Offer(quantized, first, even + odd, weights, ref shortlist);
        }
    }

    /// <summary>Turns eight items' integer sums into approximate scores and bounds, and offers those that may make the top-K.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Offer(QuantizedItemFactors quantized, int first, Vector256<int> acc, in BoundWeights weights, ref Shortlist shortlist)
    {
        ref float scales = ref MemoryMarshal.GetArrayDataReference(quantized.Scales);
        ref float norms = ref MemoryMarshal.GetArrayDataReference(quantized.Norms);
        ref float errorNorms = ref MemoryMarshal.GetArrayDataReference(quantized.ErrorNorms);
        Vector256<float> approx = Vector256.ConvertToSingle(acc) * (Vector256.LoadUnsafe(ref scales, (nuint)first) * Vector256.Create(weights.Step));
        Vector256<float> bound = Vector256.FusedMultiplyAdd(
            Vector256.LoadUnsafe(ref norms, (nuint)first),
            Vector256.Create(weights.Norm),
            Vector256.LoadUnsafe(ref errorNorms, (nuint)first) * Vector256.Create(weights.Error));
        Vector256<float> upper = approx + bound;
        uint hits = Vector256.GreaterThanOrEqual(upper, Vector256.Create(shortlist.Threshold)).ExtractMostSignificantBits();
        while (hits != 0)
        {
            int lane = BitOperations.TrailingZeroCount(hits);
            shortlist.Offer(first + lane, approx.GetElement(lane) - bound.GetElement(lane), upper.GetElement(lane));
            hits &= hits - 1;
        }
    }

    private static void ScanPortable(QuantizedItemFactors quantized, ReadOnlySpan<int> packed, in BoundWeights weights, ref Shortlist shortlist)
    {
        int groups = quantized.Groups;
        for (int b = 0; b < quantized.Blocks; b++)
        {
            int first = b * QuantizedItemFactors.BlockItems;
            ReadOnlySpan<sbyte> block = quantized.Codes.AsSpan(b * groups * QuantizedItemFactors.GroupBytes, groups * QuantizedItemFactors.GroupBytes);
            for (int lane = 0; lane < QuantizedItemFactors.BlockItems; lane++)
            {
                int item = first + lane;
                int acc = -quantized.CodeSums[item] * weights.Offset;
                for (int g = 0; g < groups; g++)
                {
                    int word = packed[g];
                    int at = (g * QuantizedItemFactors.GroupBytes) + (lane * QuantizedItemFactors.GroupFactors);
                    for (int o = 0; o < QuantizedItemFactors.GroupFactors; o++)
                    {
                        acc += ((word >> (8 * o)) & 0xFF) * block[at + o];
                    }
                }

                float approx = acc * (quantized.Scales[item] * weights.Step);
                float bound = MathF.FusedMultiplyAdd(quantized.Norms[item], weights.Norm, quantized.ErrorNorms[item] * weights.Error);
                float upper = approx + bound;
                if (upper >= shortlist.Threshold)
                {
                    shortlist.Offer(item, approx - bound, upper);
                }
            }
        }
    }

    private static int Rescore(ReadOnlySpan<float> itemFactors, ReadOnlySpan<float> query, int f, Span<int> candidates, ReadOnlySpan<float> uppers, float threshold, Span<ScoredItem> results)
    {
        // Candidates came in ascending item order, so equal exact scores keep the exact path's tie order.
        int kept = 0;
        for (int c = 0; c < candidates.Length; c++)
        {
            if (uppers[c] >= threshold)
            {
                candidates[kept++] = candidates[c];
            }
        }

        float[] exact = ArrayPool<float>.Shared.Rent(Math.Max(kept, 1));
        int[] picked = ArrayPool<int>.Shared.Rent(results.Length);
        try
        {
            for (int c = 0; c < kept; c++)
            {
                exact[c] = ItemScoring.Dot(query, itemFactors.Slice(candidates[c] * f, f));
            }

            int written = TopKSelector.Select(exact.AsSpan(0, kept), picked.AsSpan(0, results.Length));
            for (int r = 0; r < written; r++)
            {
                results[r] = new ScoredItem(candidates[picked[r]], exact[picked[r]]);
            }

            return written;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(picked);
            ArrayPool<float>.Shared.Return(exact);
        }
    }

    /// <summary>
    /// The query's quantisation step and offset, and the weights of an item's norm and error norm in its score bound.
    /// </summary>
    private readonly record struct BoundWeights(float Step, float Norm, float Error, int Offset);

    /// <summary>
    /// Items that may be in the top-K (upper bound at least the K-th best lower bound so far), and a min-heap of the
    /// K best lower bounds, whose root is that threshold.
    /// </summary>
    private struct Shortlist
    {
        private readonly byte[] _masked;
        private readonly int[] _candidates;
        private readonly float[] _uppers;
        private readonly float[] _lowers;
        private readonly int _at;
        private readonly int _items;
        private readonly int _lowersAt;
        private readonly int _k;
        private int _heapSize;

        /// <summary>
        /// Over pooled buffers shared by a batch: this query's mask, candidates and upper bounds start at
        /// <paramref name="at"/> (room for <paramref name="items"/>), its heap of <paramref name="k"/> at
        /// <paramref name="lowersAt"/>. Marks the masked items.
        /// </summary>
        public Shortlist(byte[] masked, int[] candidates, float[] uppers, int at, int items, float[] lowers, int lowersAt, int k, ReadOnlySpan<int> seen, ExcludedItems excluded)
        {
            _masked = masked;
            _candidates = candidates;
            _uppers = uppers;
            _at = at;
            _items = items;
            _lowers = lowers;
            _lowersAt = lowersAt;
            _k = k;
            Threshold = float.NegativeInfinity;
            masked.AsSpan(at, items).Clear();
            Mark(seen);
            excluded.Mark(masked.AsSpan(at, items));
        }

        public readonly Span<int> Candidates => _candidates.AsSpan(_at, Count);

        public readonly ReadOnlySpan<float> Uppers => _uppers.AsSpan(_at, Count);

        public float Threshold { get; private set; }

        public int Count { get; private set; }

        public void Offer(int item, float lower, float upper)
        {
            // Padding lanes past the last item and masked items are never candidates.
            if ((uint)item >= (uint)_items || _masked[_at + item] != 0 || !(upper >= Threshold))
            {
                return;
            }

            _candidates[_at + Count] = item;
            _uppers[_at + Count] = upper;
            Count++;

            Span<float> lowers = _lowers.AsSpan(_lowersAt, _k);
            if (_heapSize < lowers.Length)
            {
                int at = _heapSize++;
                while (at > 0)
                {
                    int parent = (at - 1) >> 1;
                    if (lowers[parent] <= lower)
                    {
                        break;
                    }

                    lowers[at] = lowers[parent];
                    at = parent;
                }

                lowers[at] = lower;
                if (_heapSize == lowers.Length)
                {
                    Threshold = lowers[0];
                }
            }
            else if (lower > lowers[0])
            {
                int at = 0;
                while (true)
                {
                    int child = (2 * at) + 1;
                    if (child >= _heapSize)
                    {
                        break;
                    }

                    if (child + 1 < _heapSize && lowers[child + 1] < lowers[child])
                    {
                        child++;
                    }

                    if (lowers[child] >= lower)
                    {
                        break;
                    }

                    lowers[at] = lowers[child];
                    at = child;
                }

                lowers[at] = lower;
                Threshold = lowers[0];
            }
        }

        private readonly void Mark(ReadOnlySpan<int> items)
        {
            foreach (int item in items)
            {
                if ((uint)item < (uint)_items)
                {
                    _masked[_at + item] = 1;
                }
            }
        }
    }
}
