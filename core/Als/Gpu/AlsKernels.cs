using ILGPU;

namespace Recommender.Core.Als.Gpu;

/// <summary>
/// The ALS kernels, compiled by ILGPU for CUDA (PTX), OpenCL or its CPU accelerator. The maths is the CPU solver's:
/// Gram = Y^T Y + lambda I from per-block partial sums added in block order, and per row a fixed number of
/// warm-started conjugate-gradient steps on (Gram + Y^T (C - I) Y) x = Y^T C p, never forming the row's f x f matrix.
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

    /// <summary>
    /// One group per row (rows group, group + groups, ...): the warm-started CG steps of the CPU solver, with x, r, p and
    /// A p in shared memory and the row's nonzero weights parked in its own slice of <paramref name="weights"/>.
    /// </summary>
    public static void SolveRows(
        ArrayView<int> rowPointers,
        ArrayView<int> columns,
        ArrayView<float> cm1,
        ArrayView<float> fixedFactors,
        ArrayView<float> solved,
        ArrayView<float> gram,
        ArrayView<float> weights,
        int f,
        int steps,
        int rows)
    {
        ArrayView<float> shared = SharedMemory.GetDynamic<float>();
        ArrayView<float> x = shared.SubView(0, f);
        ArrayView<float> r = shared.SubView(f, f);
        ArrayView<float> p = shared.SubView(2 * f, f);
        ArrayView<float> ap = shared.SubView(3 * f, f);
        ArrayView<float> sums = shared.SubView(4 * f, Group.DimX);
        int lid = Group.IdxX;
        int size = Group.DimX;
        for (int row = Grid.IdxX; row < rows; row += Grid.DimX)
        {
            int start = rowPointers[row];
            int end = rowPointers[row + 1];
            int target = row * f;
            for (int k = lid; k < f; k += size)
            {
                x[k] = solved[target + k];
            }

            Group.Barrier();
            RowProduct(gram, fixedFactors, columns, cm1, weights, start, end, f, x, r, residual: true);
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
                    RowProduct(gram, fixedFactors, columns, cm1, weights, start, end, f, p, ap, residual: false);
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

                    float rsNew = GroupSum(part, sums);
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

    /// <summary>
    /// The sum of one value per thread over the group (a power of two), as a fixed tree: the same order on every run,
    /// so a fixed seed gives the same factors (atomic-add reductions would not).
    /// </summary>
    private static float GroupSum(float value, ArrayView<float> sums)
    {
        int lid = Group.IdxX;
        sums[lid] = value;
        Group.Barrier();
        for (int half = Group.DimX / 2; half > 0; half >>= 1)
        {
            if (lid < half)
            {
                sums[lid] += sums[lid + half];
            }

            Group.Barrier();
        }

        float total = sums[0];
        Group.Barrier();
        return total;
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
    /// output = A v (residual false) or b - A v (residual true) for the row's system, by the whole group: first one
    /// weight per nonzero (w = c (y . v), or 1 + c - c (y . v) for the residual), then one output element per thread.
    /// Row u's weights live in weights[start..end), a slice no other row touches.
    /// </summary>
    private static void RowProduct(
        ArrayView<float> gram,
        ArrayView<float> fixedFactors,
        ArrayView<int> columns,
        ArrayView<float> cm1,
        ArrayView<float> weights,
        int start,
        int end,
        int f,
        ArrayView<float> v,
        ArrayView<float> output,
        bool residual)
    {
        int lid = Group.IdxX;
        int size = Group.DimX;
        for (int i = start + lid; i < end; i += size)
        {
            int y = columns[i] * f;
            float d = 0f;
            for (int k = 0; k < f; k++)
            {
                d += fixedFactors[y + k] * v[k];
            }

            float c = cm1[i];
            weights[i] = residual ? 1f + c - (c * d) : c * d;
        }

        MemoryFence.GroupLevel();
        Group.Barrier();
        for (int k = lid; k < f; k += size)
        {
            // Gram is symmetric: reading its column k lets neighbouring threads read neighbouring floats.
            float dense = 0f;
            for (int j = 0; j < f; j++)
            {
                dense += gram[(j * f) + k] * v[j];
            }

            float sparse = 0f;
            for (int i = start; i < end; i++)
            {
                sparse += weights[i] * fixedFactors[(columns[i] * f) + k];
            }

            output[k] = (residual ? -dense : dense) + sparse;
        }

        Group.Barrier();
    }
}
