using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Core.Serving;

/// <summary>Several queries' int8 shortlists in one pass over the codes.</summary>
internal static partial class QuantizedTopK
{
    /// <summary>Queries multiplied with each loaded group of codes: four accumulators, one per query.</summary>
    private const int QueriesPerStep = 4;

    /// <summary>
    /// <see cref="Select"/> for every request at once: each block of codes is loaded once and multiplied with every
    /// query's bytes; the shortlists, re-scoring and top-K stay per request, so each result equals <see cref="Select"/>'s.
    /// <paramref name="written"/>[q] is what <see cref="Select"/> would return (-1: take the exact path).
    /// </summary>
    public static void SelectBatch(QuantizedItemFactors quantized, ReadOnlySpan<float> itemFactors, ReadOnlySpan<RecommendRequest> requests, ScoringPath path, Span<int> written)
    {
        ThrowIfUnsupported(path);
        int b = requests.Length;
        int n = quantized.Items;
        int f = quantized.Factors;
        int groups = quantized.Groups;
        int stride = groups * (QuantizedItemFactors.BlockItems + 1);
        int totalK = 0;
        foreach (RecommendRequest request in requests)
        {
            totalK += request.Results.Length;
        }

        int[] words = ArrayPool<int>.Shared.Rent(b * stride);
        BoundWeights[] weights = ArrayPool<BoundWeights>.Shared.Rent(b);
        Shortlist[] lists = ArrayPool<Shortlist>.Shared.Rent(b);
        int[] active = ArrayPool<int>.Shared.Rent(b);
        byte[] mask = ArrayPool<byte>.Shared.Rent(b * n);
        int[] candidates = ArrayPool<int>.Shared.Rent(b * n);
        float[] uppers = ArrayPool<float>.Shared.Rent(b * n);
        float[] lowers = ArrayPool<float>.Shared.Rent(Math.Max(totalK, 1));
        try
        {
            int count = 0;
            int lowersAt = 0;
            for (int q = 0; q < b; q++)
            {
                RecommendRequest request = requests[q];
                int k = request.Results.Length;
                if (k == 0)
                {
                    written[q] = 0;
                }
                else if (!TryQuantize(quantized, request.UserVector.Span, path, words.AsSpan(q * stride, groups), out weights[q]))
                {
                    written[q] = -1;
                }
                else
                {
                    lists[q] = new Shortlist(mask, candidates, uppers, q * n, n, lowers, lowersAt, k, request.Seen.Span, new ExcludedItems(request.Excluded.Span, default));
                    lowersAt += k;
                    active[count++] = q;
                }
            }

            ReadOnlySpan<int> scanned = active.AsSpan(0, count);
            switch (path)
            {
                case ScoringPath.QuantizedVnni:
                    ScanVnniBatch(quantized, words, stride, weights, lists, scanned);
                    break;
                case ScoringPath.QuantizedAvx512BW:
                    ScanAvx512BWBatch(quantized, words, stride, weights, lists, scanned);
                    break;
                case ScoringPath.QuantizedAvx2:
                    ScanAvx2Batch(quantized, words, stride, weights, lists, scanned);
                    break;
                default:
                    foreach (int q in scanned)
                    {
                        ScanPortable(quantized, words.AsSpan(q * stride, groups), weights[q], ref lists[q]);
                    }

                    break;
            }

            foreach (int q in scanned)
            {
                ref Shortlist list = ref lists[q];
                written[q] = Rescore(itemFactors, requests[q].UserVector.Span, f, list.Candidates, list.Uppers, list.Threshold, requests[q].Results.Span);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(lowers);
            ArrayPool<float>.Shared.Return(uppers);
            ArrayPool<int>.Shared.Return(candidates);
            ArrayPool<byte>.Shared.Return(mask);
            ArrayPool<int>.Shared.Return(active);
            ArrayPool<Shortlist>.Shared.Return(lists, clearArray: true);
            ArrayPool<BoundWeights>.Shared.Return(weights);
            ArrayPool<int>.Shared.Return(words);
        }
    }

    private static void ScanVnniBatch(QuantizedItemFactors quantized, int[] words, int stride, BoundWeights[] weights, Shortlist[] lists, ReadOnlySpan<int> active)
    {
        int groups = quantized.Groups;
        ref sbyte codes = ref MemoryMarshal.GetArrayDataReference(quantized.Codes);
        ref int codeSums = ref MemoryMarshal.GetArrayDataReference(quantized.CodeSums);
        ref int allWords = ref MemoryMarshal.GetArrayDataReference(words);
        for (int b = 0; b < quantized.Blocks; b++)
        {
            int first = b * QuantizedItemFactors.BlockItems;
            ref sbyte block = ref Unsafe.Add(ref codes, b * groups * QuantizedItemFactors.GroupBytes);
            Vector256<int> start = -Vector256.ShiftLeft(Vector256.LoadUnsafe(ref codeSums, (nuint)first), 7);
            int a = 0;

            // Four queries per load of a group of codes: the block is read from memory once for the whole batch.
            for (; a + QueriesPerStep <= active.Length; a += QueriesPerStep)
            {
                ref int w0 = ref Unsafe.Add(ref allWords, active[a] * stride);
                ref int w1 = ref Unsafe.Add(ref allWords, active[a + 1] * stride);
                ref int w2 = ref Unsafe.Add(ref allWords, active[a + 2] * stride);
                ref int w3 = ref Unsafe.Add(ref allWords, active[a + 3] * stride);
                Vector256<int> acc0 = start, acc1 = start, acc2 = start, acc3 = start;
                for (int g = 0; g < groups; g++)
                {
                    Vector256<sbyte> c = Vector256.LoadUnsafe(ref block, (nuint)(g * QuantizedItemFactors.GroupBytes));
                    acc0 = AvxVnni.MultiplyWideningAndAdd(acc0, Vector256.Create(Unsafe.Add(ref w0, g)).AsByte(), c);
                    acc1 = AvxVnni.MultiplyWideningAndAdd(acc1, Vector256.Create(Unsafe.Add(ref w1, g)).AsByte(), c);
                    acc2 = AvxVnni.MultiplyWideningAndAdd(acc2, Vector256.Create(Unsafe.Add(ref w2, g)).AsByte(), c);
                    acc3 = AvxVnni.MultiplyWideningAndAdd(acc3, Vector256.Create(Unsafe.Add(ref w3, g)).AsByte(), c);
                }

                Offer(quantized, first, acc0, weights[active[a]], ref lists[active[a]]);
                Offer(quantized, first, acc1, weights[active[a + 1]], ref lists[active[a + 1]]);
                Offer(quantized, first, acc2, weights[active[a + 2]], ref lists[active[a + 2]]);
                Offer(quantized, first, acc3, weights[active[a + 3]], ref lists[active[a + 3]]);
            }

            for (; a < active.Length; a++)
            {
                ref int w = ref Unsafe.Add(ref allWords, active[a] * stride);
                Vector256<int> acc = start;
                for (int g = 0; g < groups; g++)
                {
                    acc = AvxVnni.MultiplyWideningAndAdd(acc, Vector256.Create(Unsafe.Add(ref w, g)).AsByte(), Vector256.LoadUnsafe(ref block, (nuint)(g * QuantizedItemFactors.GroupBytes)));
                }

                Offer(quantized, first, acc, weights[active[a]], ref lists[active[a]]);
            }
        }
    }

    private static void ScanAvx2Batch(QuantizedItemFactors quantized, int[] words, int stride, BoundWeights[] weights, Shortlist[] lists, ReadOnlySpan<int> active)
    {
        int groups = quantized.Groups;
        ref sbyte codes = ref MemoryMarshal.GetArrayDataReference(quantized.Codes);
        ref int codeSums = ref MemoryMarshal.GetArrayDataReference(quantized.CodeSums);
        ref int allWords = ref MemoryMarshal.GetArrayDataReference(words);
        Vector256<short> ones = Vector256<short>.One;
        for (int b = 0; b < quantized.Blocks; b++)
        {
            int first = b * QuantizedItemFactors.BlockItems;
            ref sbyte block = ref Unsafe.Add(ref codes, b * groups * QuantizedItemFactors.GroupBytes);
            Vector256<int> start = -Vector256.ShiftLeft(Vector256.LoadUnsafe(ref codeSums, (nuint)first), 6);
            int a = 0;
            for (; a + QueriesPerStep <= active.Length; a += QueriesPerStep)
            {
                ref int w0 = ref Unsafe.Add(ref allWords, active[a] * stride);
                ref int w1 = ref Unsafe.Add(ref allWords, active[a + 1] * stride);
                ref int w2 = ref Unsafe.Add(ref allWords, active[a + 2] * stride);
                ref int w3 = ref Unsafe.Add(ref allWords, active[a + 3] * stride);
                Vector256<int> acc0 = start, acc1 = start, acc2 = start, acc3 = start;
                for (int g = 0; g < groups; g++)
                {
                    Vector256<sbyte> c = Vector256.LoadUnsafe(ref block, (nuint)(g * QuantizedItemFactors.GroupBytes));
                    acc0 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref w0, g)).AsByte(), c), ones);
                    acc1 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref w1, g)).AsByte(), c), ones);
                    acc2 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref w2, g)).AsByte(), c), ones);
                    acc3 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref w3, g)).AsByte(), c), ones);
                }

                Offer(quantized, first, acc0, weights[active[a]], ref lists[active[a]]);
                Offer(quantized, first, acc1, weights[active[a + 1]], ref lists[active[a + 1]]);
                Offer(quantized, first, acc2, weights[active[a + 2]], ref lists[active[a + 2]]);
                Offer(quantized, first, acc3, weights[active[a + 3]], ref lists[active[a + 3]]);
            }

            for (; a < active.Length; a++)
            {
                ref int w = ref Unsafe.Add(ref allWords, active[a] * stride);
                Vector256<int> acc = start;
                for (int g = 0; g < groups; g++)
                {
                    Vector256<sbyte> c = Vector256.LoadUnsafe(ref block, (nuint)(g * QuantizedItemFactors.GroupBytes));
                    acc += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref w, g)).AsByte(), c), ones);
                }

                Offer(quantized, first, acc, weights[active[a]], ref lists[active[a]]);
            }
        }
    }

    private static void ScanAvx512BWBatch(QuantizedItemFactors quantized, int[] words, int stride, BoundWeights[] weights, Shortlist[] lists, ReadOnlySpan<int> active)
    {
        int groups = quantized.Groups;

        // Each query's words for two groups side by side (group g low, g + 1 high), after its packed words, as the single scan lays them out.
        foreach (int q in active)
        {
            Span<int> packed = words.AsSpan(q * stride, groups);
            Span<int> pairs = words.AsSpan((q * stride) + groups, groups * QuantizedItemFactors.BlockItems);
            for (int g = 0; g < groups; g++)
            {
                pairs.Slice(g * QuantizedItemFactors.BlockItems, QuantizedItemFactors.BlockItems).Fill(packed[g]);
            }
        }

        ref sbyte codes = ref MemoryMarshal.GetArrayDataReference(quantized.Codes);
        ref int codeSums = ref MemoryMarshal.GetArrayDataReference(quantized.CodeSums);
        ref byte allPairs = ref Unsafe.As<int, byte>(ref MemoryMarshal.GetArrayDataReference(words));
        Vector512<short> ones = Vector512<short>.One;
        int pairsAt = groups * sizeof(int);
        for (int b = 0; b < quantized.Blocks; b++)
        {
            int first = b * QuantizedItemFactors.BlockItems;
            ref sbyte block = ref Unsafe.Add(ref codes, b * groups * QuantizedItemFactors.GroupBytes);
            Vector256<int> start = -Vector256.ShiftLeft(Vector256.LoadUnsafe(ref codeSums, (nuint)first), 6);
            int a = 0;
            for (; a + QueriesPerStep <= active.Length; a += QueriesPerStep)
            {
                ref byte p0 = ref Unsafe.Add(ref allPairs, (active[a] * stride * sizeof(int)) + pairsAt);
                ref byte p1 = ref Unsafe.Add(ref allPairs, (active[a + 1] * stride * sizeof(int)) + pairsAt);
                ref byte p2 = ref Unsafe.Add(ref allPairs, (active[a + 2] * stride * sizeof(int)) + pairsAt);
                ref byte p3 = ref Unsafe.Add(ref allPairs, (active[a + 3] * stride * sizeof(int)) + pairsAt);
                Vector512<int> acc0 = Vector512<int>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
                for (int g = 0; g < groups; g += 2)
                {
                    nuint at = (nuint)(g * QuantizedItemFactors.GroupBytes);
                    Vector512<sbyte> c = Vector512.LoadUnsafe(ref block, at);
                    acc0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref p0, at), c), ones);
                    acc1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref p1, at), c), ones);
                    acc2 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref p2, at), c), ones);
                    acc3 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref p3, at), c), ones);
                }

                Offer(quantized, first, start + acc0.GetLower() + acc0.GetUpper(), weights[active[a]], ref lists[active[a]]);
                Offer(quantized, first, start + acc1.GetLower() + acc1.GetUpper(), weights[active[a + 1]], ref lists[active[a + 1]]);
                Offer(quantized, first, start + acc2.GetLower() + acc2.GetUpper(), weights[active[a + 2]], ref lists[active[a + 2]]);
                Offer(quantized, first, start + acc3.GetLower() + acc3.GetUpper(), weights[active[a + 3]], ref lists[active[a + 3]]);
            }

            for (; a < active.Length; a++)
            {
                ref byte p = ref Unsafe.Add(ref allPairs, (active[a] * stride * sizeof(int)) + pairsAt);
                Vector512<int> acc = Vector512<int>.Zero;
                for (int g = 0; g < groups; g += 2)
                {
                    nuint at = (nuint)(g * QuantizedItemFactors.GroupBytes);
                    acc += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref p, at), Vector512.LoadUnsafe(ref block, at)), ones);
                }

                Offer(quantized, first, start + acc.GetLower() + acc.GetUpper(), weights[active[a]], ref lists[active[a]]);
            }
        }
    }
}
