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
internal static class QuantizedTopK
{
    /// <summary>
    /// Writes the top-K unmasked items into <paramref name="results"/> and returns how many; returns -1 when the
    /// query cannot be quantised (all zero or not finite), in which case the caller takes the exact path.
    /// </summary>
    public static int Select(QuantizedItemFactors quantized, ReadOnlySpan<float> itemFactors, ReadOnlySpan<float> query, ReadOnlySpan<int> seen, ReadOnlySpan<int> excluded, bool useVnni, Span<ScoredItem> results)
    {
        int k = results.Length;
        int n = quantized.Items;
        int f = quantized.Factors;
        if (k == 0)
        {
            return 0;
        }

        float max = 0f;
        double queryNorm = 0;
        foreach (float v in query)
        {
            max = MathF.Max(max, MathF.Abs(v));
            queryNorm += (double)v * v;
        }

        if (!(max > 0f) || !float.IsFinite(max))
        {
            return -1;
        }

        int[] words = ArrayPool<int>.Shared.Rent(quantized.Groups);
        byte[] mask = ArrayPool<byte>.Shared.Rent(n);
        int[] candidates = ArrayPool<int>.Shared.Rent(n);
        float[] uppers = ArrayPool<float>.Shared.Rent(n);
        float[] lowers = ArrayPool<float>.Shared.Rent(k);
        try
        {
            // The query as unsigned bytes offset by 128 (VNNI multiplies u8 by s8), four per int.
            float step = max / QuantizedItemFactors.CodeLimit;
            double errorNorm = 0;
            double roundedNorm = 0;
            Span<int> packed = words.AsSpan(0, quantized.Groups);
            packed.Clear();
            for (int j = 0; j < f; j++)
            {
                int code = Math.Clamp((int)MathF.Round(query[j] / step), -QuantizedItemFactors.CodeLimit, QuantizedItemFactors.CodeLimit);
                packed[j / 4] |= (code + 128) << (8 * (j % 4));
                double rounded = (double)step * code;
                errorNorm += (query[j] - rounded) * (query[j] - rounded);
                roundedNorm += rounded * rounded;
            }

            // Padding factors hold the offset alone (code 0); their item codes are 0, so they add nothing.
            for (int j = f; j < quantized.Groups * 4; j++)
            {
                packed[j / 4] |= 128 << (8 * (j % 4));
            }

            // |x.y - x'.y'| <= |x - x'| |y| + |x'| |y - y'| (Cauchy-Schwarz), plus a margin for float rounding in both
            // this bound and the exact dot product, so the bound is never smaller than the real difference.
            double slack = 8.0 * (f + 8) / (1 << 23);
            double xNorm = Math.Sqrt(queryNorm);
            double xRoundedNorm = Math.Sqrt(roundedNorm);
            float normWeight = (float)((Math.Sqrt(errorNorm) + (slack * (xNorm + xRoundedNorm))) * (1 + 1e-6));
            float errorWeight = (float)(xRoundedNorm * (1 + slack) * (1 + 1e-6));

            Span<byte> masked = mask.AsSpan(0, n);
            masked.Clear();
            MarkMasked(masked, seen);
            MarkMasked(masked, excluded);

            var shortlist = new Shortlist(masked, candidates, uppers, lowers.AsSpan(0, k));
            if (useVnni)
            {
                ScanVnni(quantized, packed, step, normWeight, errorWeight, ref shortlist);
            }
            else
            {
                ScanPortable(quantized, packed, step, normWeight, errorWeight, ref shortlist);
            }

            return Rescore(itemFactors, query, f, candidates, uppers, shortlist.Count, shortlist.Threshold, results);
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

    private static void MarkMasked(Span<byte> masked, ReadOnlySpan<int> items)
    {
        foreach (int item in items)
        {
            if ((uint)item < (uint)masked.Length)
            {
                masked[item] = 1;
            }
        }
    }

    private static void ScanVnni(QuantizedItemFactors quantized, ReadOnlySpan<int> packed, float step, float normWeight, float errorWeight, ref Shortlist shortlist)
    {
        if (!AvxVnni.IsSupported)
        {
            throw new PlatformNotSupportedException("This CPU has no AVX-VNNI.");
        }

        int groups = quantized.Groups;
        ref sbyte codes = ref MemoryMarshal.GetArrayDataReference(quantized.Codes);
        ref int corrections = ref MemoryMarshal.GetArrayDataReference(quantized.Corrections);
        ref float scales = ref MemoryMarshal.GetArrayDataReference(quantized.Scales);
        ref float norms = ref MemoryMarshal.GetArrayDataReference(quantized.Norms);
        ref float errorNorms = ref MemoryMarshal.GetArrayDataReference(quantized.ErrorNorms);
        ref int words = ref MemoryMarshal.GetReference(packed);
        Vector256<float> stepV = Vector256.Create(step);
        Vector256<float> normWeightV = Vector256.Create(normWeight);
        Vector256<float> errorWeightV = Vector256.Create(errorWeight);
        const int BlockBytes = QuantizedItemFactors.BlockItems * QuantizedItemFactors.GroupFactors;

        for (int b = 0; b < quantized.Blocks; b++)
        {
            int first = b * QuantizedItemFactors.BlockItems;
            ref sbyte block = ref Unsafe.Add(ref codes, b * groups * BlockBytes);

            // Eight items' dot products side by side: each 32-byte load is four codes of each of the eight items,
            // multiplied by the same four query bytes broadcast to every lane.
            Vector256<int> acc = -Vector256.LoadUnsafe(ref corrections, (nuint)first);
            for (int g = 0; g < groups; g++)
            {
                Vector256<byte> q = Vector256.Create(Unsafe.Add(ref words, g)).AsByte();
                acc = AvxVnni.MultiplyWideningAndAdd(acc, q, Vector256.LoadUnsafe(ref block, (nuint)(g * BlockBytes)));
            }

            Vector256<float> approx = Vector256.ConvertToSingle(acc) * (Vector256.LoadUnsafe(ref scales, (nuint)first) * stepV);
            Vector256<float> bound = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref norms, (nuint)first), normWeightV, Vector256.LoadUnsafe(ref errorNorms, (nuint)first) * errorWeightV);
            Vector256<float> upper = approx + bound;
            uint hits = Vector256.GreaterThanOrEqual(upper, Vector256.Create(shortlist.Threshold)).ExtractMostSignificantBits();
            while (hits != 0)
            {
                int lane = BitOperations.TrailingZeroCount(hits);
                shortlist.Offer(first + lane, approx.GetElement(lane) - bound.GetElement(lane), upper.GetElement(lane));
                hits &= hits - 1;
            }
        }
    }

    private static void ScanPortable(QuantizedItemFactors quantized, ReadOnlySpan<int> packed, float step, float normWeight, float errorWeight, ref Shortlist shortlist)
    {
        int groups = quantized.Groups;
        const int BlockBytes = QuantizedItemFactors.BlockItems * QuantizedItemFactors.GroupFactors;
        for (int b = 0; b < quantized.Blocks; b++)
        {
            int first = b * QuantizedItemFactors.BlockItems;
            ReadOnlySpan<sbyte> block = quantized.Codes.AsSpan(b * groups * BlockBytes, groups * BlockBytes);
            for (int lane = 0; lane < QuantizedItemFactors.BlockItems; lane++)
            {
                int item = first + lane;
                int acc = -quantized.Corrections[item];
                for (int g = 0; g < groups; g++)
                {
                    int word = packed[g];
                    int at = (g * BlockBytes) + (lane * QuantizedItemFactors.GroupFactors);
                    for (int o = 0; o < QuantizedItemFactors.GroupFactors; o++)
                    {
                        acc += ((word >> (8 * o)) & 0xFF) * block[at + o];
                    }
                }

                float approx = acc * (quantized.Scales[item] * step);
                float bound = MathF.FusedMultiplyAdd(quantized.Norms[item], normWeight, quantized.ErrorNorms[item] * errorWeight);
                float upper = approx + bound;
                if (upper >= shortlist.Threshold)
                {
                    shortlist.Offer(item, approx - bound, upper);
                }
            }
        }
    }

    private static int Rescore(ReadOnlySpan<float> itemFactors, ReadOnlySpan<float> query, int f, int[] candidates, float[] uppers, int count, float threshold, Span<ScoredItem> results)
    {
        // Candidates came in ascending item order, so equal exact scores keep the exact path's tie order.
        int kept = 0;
        for (int c = 0; c < count; c++)
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
    /// Items that may be in the top-K (upper bound at least the K-th best lower bound so far), and a min-heap of the
    /// K best lower bounds, whose root is that threshold.
    /// </summary>
    private ref struct Shortlist
    {
        private readonly ReadOnlySpan<byte> _masked;
        private readonly Span<int> _candidates;
        private readonly Span<float> _uppers;
        private readonly Span<float> _lowers;
        private int _heapSize;

        public Shortlist(ReadOnlySpan<byte> masked, Span<int> candidates, Span<float> uppers, Span<float> lowers)
        {
            _masked = masked;
            _candidates = candidates;
            _uppers = uppers;
            _lowers = lowers;
            Threshold = float.NegativeInfinity;
        }

        public float Threshold { get; private set; }

        public int Count { get; private set; }

        public void Offer(int item, float lower, float upper)
        {
            // Padding lanes past the last item and masked items are never candidates.
            if ((uint)item >= (uint)_masked.Length || _masked[item] != 0 || !(upper >= Threshold))
            {
                return;
            }

            _candidates[Count] = item;
            _uppers[Count] = upper;
            Count++;

            if (_heapSize < _lowers.Length)
            {
                int at = _heapSize++;
                while (at > 0)
                {
                    int parent = (at - 1) >> 1;
                    if (_lowers[parent] <= lower)
                    {
                        break;
                    }

                    _lowers[at] = _lowers[parent];
                    at = parent;
                }

                _lowers[at] = lower;
                if (_heapSize == _lowers.Length)
                {
                    Threshold = _lowers[0];
                }
            }
            else if (lower > _lowers[0])
            {
                int at = 0;
                while (true)
                {
                    int child = (2 * at) + 1;
                    if (child >= _heapSize)
                    {
                        break;
                    }

                    if (child + 1 < _heapSize && _lowers[child + 1] < _lowers[child])
                    {
                        child++;
                    }

                    if (_lowers[child] >= lower)
                    {
                        break;
                    }

                    _lowers[at] = _lowers[child];
                    at = child;
                }

                _lowers[at] = lower;
                Threshold = _lowers[0];
            }
        }
    }
}
