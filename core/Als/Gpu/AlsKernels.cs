using ILGPU;

namespace Recommender.Core.Als.Gpu;

/// <summary>
/// The ALS kernels, compiled by ILGPU for CUDA (PTX), OpenCL or its CPU accelerator. The maths is the CPU solver's:
/// Gram = Y^T Y + lambda I from per-block partial sums added in block order, and per row a fixed number of
/// warm-started conjugate-gradient steps on (Gram + Y^T (C - I) Y) x = Y^T C p, never forming the row's f x f matrix.
/// Every sum is taken in an order fixed by the launch shape alone (no atomics on values), so a fixed seed gives the same
/// factors on every run of one device.
/// </summary>
internal static class AlsKernels
{
    /// <summary>Rows per Gram partial sum, the CPU solver's block size, so both add the same blocks in the same order.</summary>
    public const int GramBlockRows = 1024;

    /// <summary>Residual norm below which a row counts as solved (the CPU solver's threshold).</summary>
    private const float Converged = 1e-20f;

    /// <summary>partial[block, a, c] = sum of y[n, a] y[n, c] over the rows n of one block; one thread per (block, a, c).</summary>
    public static void GramPartial(Index1D index, ArrayView<float> y, int rows, int f, ArrayView<float> partial)
    {
        int ff = f * f;
        int block = index / ff;
        int entry = index - (block * ff);
        int a = entry / f;
        int c = entry - (a * f);
        int start = block * GramBlockRows;
        int end = Math.Min(rows, start + GramBlockRows);
        float acc = 0f;
        for (int n = start; n < end; n++)
        {
            acc += y[(n * f) + a] * y[(n * f) + c];
        }

        partial[index] = acc;
    }

    /// <summary>gram = sum of the block partials in double, in block order, then + lambda on the diagonal.</summary>
    public static void GramReduce(Index1D index, ArrayView<float> partial, int blocks, int f, float lambda, ArrayView<float> gram)
    {
        int ff = f * f;
        double sum = 0d;
        for (int b = 0; b < blocks; b++)
        {
            sum += partial[(b * ff) + index];
        }

        float value = (float)sum;
        if (index / f == index % f)
        {
            value += lambda;
        }

        gram[index] = value;
    }

    /// <summary>Floats of dynamic shared memory one <see cref="SolveRows"/> group of <paramref name="warps"/> warps needs.</summary>
    public static int SharedFloats(int f, int warps) => (4 * f) + (2 * warps) + (warps * f);

    /// <summary>
    /// Solves rows order[next++] until none are left, one group per row at a time (a group claims its next row with one
    /// atomic increment, so long rows, listed first, do not leave the device idle behind them): the warm-started CG steps
    /// of the CPU solver with x, r, p, A p, the warps' partial products and partial sums in shared memory. The group's
    /// warps split the row's nonzeros; within a warp each lane owns the factor elements lane, lane + warp size, ...
    /// </summary>
    public static void SolveRows(
        ArrayView<int> rowPointers,
        ArrayView<int> columns,
        ArrayView<float> cm1,
        ArrayView<float> fixedFactors,
        ArrayView<float> solved,
        ArrayView<float> gram,
        ArrayView<int> order,
        ArrayView<int> next,
        int f,
        int steps,
        int rows)
    {
        int warps = Group.DimX / Warp.WarpSize;
        ArrayView<float> shared = SharedMemory.GetDynamic<float>();
        ArrayView<float> x = shared.SubView(0, f);
        ArrayView<float> r = shared.SubView(f, f);
        ArrayView<float> p = shared.SubView(2 * f, f);
        ArrayView<float> ap = shared.SubView(3 * f, f);
        // Two slots for the warps' sums: consecutive group sums use different ones, so one barrier each suffices.
        ArrayView<float> sums = shared.SubView(4 * f, warps);
        ArrayView<float> otherSums = shared.SubView((4 * f) + warps, warps);
        ArrayView<float> partials = shared.SubView((4 * f) + (2 * warps), warps * f);
        int lid = Group.IdxX;
        int size = Group.DimX;
        while (true)
        {
            int claimed = 0;
            if (lid == 0)
            {
                claimed = Atomic.Add(ref next[0], 1);
            }

            claimed = Group.Broadcast(claimed, 0);
            if (claimed >= rows)
            {
                break;
            }

            int row = order[claimed];
            int start = rowPointers[row];
            int end = rowPointers[row + 1];
            int target = row * f;
            for (int k = lid; k < f; k += size)
            {
                x[k] = solved[target + k];
            }

            Group.Barrier();
            RowProduct(gram, fixedFactors, columns, cm1, partials, start, end, f, x, r, residual: true);
            float part = 0f;
            for (int k = lid; k < f; k += size)
            {
                p[k] = r[k];
                part += r[k] * r[k];
            }

            float rsOld = GroupSum(part, sums);
            // Written as !(a < b) like the CPU solver's early return, so a NaN residual still runs and poisons the row.
            if (!(rsOld < Converged))
            {
                for (int step = 0; step < steps; step++)
                {
                    RowProduct(gram, fixedFactors, columns, cm1, partials, start, end, f, p, ap, residual: false);
                    part = 0f;
                    for (int k = lid; k < f; k += size)
                    {
                        part += p[k] * ap[k];
                    }

                    float alpha = rsOld / GroupSum(part, sums);
                    part = 0f;
                    for (int k = lid; k < f; k += size)
                    {
                        x[k] += alpha * p[k];
                        r[k] -= alpha * ap[k];
                        part += r[k] * r[k];
                    }

                    float rsNew = GroupSum(part, otherSums);
                    if (rsNew < Converged)
                    {
                        break;
                    }

                    float beta = rsNew / rsOld;
                    for (int k = lid; k < f; k += size)
                    {
                        p[k] = r[k] + (beta * p[k]);
                    }

                    Group.Barrier();
                    rsOld = rsNew;
                }

                for (int k = lid; k < f; k += size)
                {
                    solved[target + k] = x[k];
                }
            }

            Group.Barrier();
        }
    }

    /// <summary>Sets flag[0] when any value is NaN or infinite; one thread per value.</summary>
    public static void FlagNonFinite(Index1D index, ArrayView<float> values, ArrayView<int> flag)
    {
        float v = values[index];
        if (float.IsNaN(v) || float.IsInfinity(v))
        {
            flag[0] = 1;
        }
    }

    /// <summary>
    /// The sum of one value per thread over the group: a butterfly within each warp, then the warps' sums added in warp
    /// order by every thread. The same order on every run, so a fixed seed gives the same factors (atomics would not).
    /// No barrier after the reads: the next writer of the same <paramref name="sums"/> slot is always behind another
    /// barrier (a row product's or the other slot's sum), which every reader has passed.
    /// </summary>
    private static float GroupSum(float value, ArrayView<float> sums)
    {
        float warpSum = WarpSum(value);
        int lid = Group.IdxX;
        if (lid % Warp.WarpSize == 0)
        {
            sums[lid / Warp.WarpSize] = warpSum;
        }

        Group.Barrier();
        float total = 0f;
        int warps = Group.DimX / Warp.WarpSize;
        for (int w = 0; w < warps; w++)
        {
            total += sums[w];
        }

        return total;
    }

    /// <summary>
    /// The sum over the warp as an XOR butterfly: every lane adds the same two numbers at every level (a + b == b + a),
    /// so all lanes end with the bit-identical total. Every lane of the warp must call it.
    /// </summary>
    private static float WarpSum(float value)
    {
        for (int mask = Warp.WarpSize / 2; mask > 0; mask >>= 1)
        {
            value += Warp.ShuffleXor(value, mask);
        }

        return value;
    }

    /// <summary>
    /// output = A v (residual false) or b - A v (residual true) for the row's system, by the whole group. Each warp adds
    /// into its own slice of <paramref name="partials"/> a share of the Gram rows (weight v_j, the Gram being symmetric)
    /// and then a share of the nonzeros (weight c (y . v), or 1 + c - c (y . v) for the residual; y . v by the whole warp),
    /// two nonzeros at a time so their loads overlap; then output[k] adds the warps' slices in warp order.
    /// </summary>
    private static void RowProduct(
        ArrayView<float> gram,
        ArrayView<float> fixedFactors,
        ArrayView<int> columns,
        ArrayView<float> cm1,
        ArrayView<float> partials,
        int start,
        int end,
        int f,
        ArrayView<float> v,
        ArrayView<float> output,
        bool residual)
    {
        int lid = Group.IdxX;
        int width = Warp.WarpSize;
        int lane = lid % width;
        int warp = lid / width;
        int warps = Group.DimX / width;
        ArrayView<float> mine = partials.SubView(warp * f, f);
        for (int k = lane; k < f; k += width)
        {
            mine[k] = 0f;
        }

        for (int j = warp; j < f; j += warps)
        {
            float weight = residual ? -v[j] : v[j];
            int g = j * f;
            for (int k = lane; k < f; k += width)
            {
                mine[k] += weight * gram[g + k];
            }
        }

        // The nonzeros continue the Gram rows' round robin over the warps, so every warp gets a near-equal share.
        int i = start + ((((warp - f) % warps) + warps) % warps);
        int stride = warps;
        int last = end - 1;
        int nextA = 0;
        int nextB = 0;
        float nextCa = 0f;
        float nextCb = 0f;
        if (i + stride < end)
        {
            nextA = columns[i];
            nextB = columns[i + stride];
            nextCa = cm1[i];
            nextCb = cm1[i + stride];
        }

        for (; i + stride < end; i += 2 * stride)
        {
            int ya = nextA * f;
            int yb = nextB * f;
            float ca = nextCa;
            float cb = nextCb;

            // The next pair's columns and confidences (clamped into the row) load while this pair is worked on, so a
            // long row's serial chain waits on one memory round trip per pair instead of two.
            int na = Math.Min(i + (2 * stride), last);
            int nb = Math.Min(i + (3 * stride), last);
            nextA = columns[na];
            nextB = columns[nb];
            nextCa = cm1[na];
            nextCb = cm1[nb];
            float da = 0f;
            float db = 0f;
            for (int k = lane; k < f; k += width)
            {
                float vk = v[k];
                da += fixedFactors[ya + k] * vk;
                db += fixedFactors[yb + k] * vk;
            }

            for (int mask = width / 2; mask > 0; mask >>= 1)
            {
                da += Warp.ShuffleXor(da, mask);
                db += Warp.ShuffleXor(db, mask);
            }

            float wa = Weight(ca, da, residual);
            float wb = Weight(cb, db, residual);
            for (int k = lane; k < f; k += width)
            {
                mine[k] += (wa * fixedFactors[ya + k]) + (wb * fixedFactors[yb + k]);
            }
        }

        if (i < end)
        {
            int y = columns[i] * f;
            float d = 0f;
            for (int k = lane; k < f; k += width)
            {
                d += fixedFactors[y + k] * v[k];
            }

            float w = Weight(cm1[i], WarpSum(d), residual);
            for (int k = lane; k < f; k += width)
            {
                mine[k] += w * fixedFactors[y + k];
            }
        }

        Group.Barrier();
        for (int k = lid; k < f; k += Group.DimX)
        {
            float sum = 0f;
            for (int w = 0; w < warps; w++)
            {
                sum += partials[(w * f) + k];
            }

            output[k] = sum;
        }

        // No barrier here: output[k] is read next by the thread that wrote it, and every row product is followed by a
        // group sum, whose barrier keeps the next product from clearing the slices while they are still being added.
    }

    /// <summary>A nonzero's weight on its factor row: c (y . v) in A v, 1 + c - c (y . v) in b - A v (c is confidence - 1).</summary>
    private static float Weight(float c, float dot, bool residual) => residual ? 1f + c - (c * dot) : c * dot;
}
