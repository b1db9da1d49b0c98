namespace Recommender.Core.Als.OpenCl;

/// <summary>
/// The OpenCL C kernels of the ALS backend. Plain OpenCL C 1.2 with no extensions, so the same source runs on
/// NVIDIA GPUs and on PoCL's CPU device. Built without fast-math flags: isfinite must see NaN and infinity.
/// </summary>
internal static class AlsKernelSource
{
    public const string Text = """
        // TILE (edge of the Gram-matrix tile and of its work-group) is set with -D at build time.
        #ifndef TILE
        #define TILE 16
        #endif

        // Converged: the residual norm below which a row counts as solved (the CPU solver's threshold).
        #define CONVERGED 1e-20f

        // partial[block] = sum of y y^T over the rows of one block of Y (rows x f, row-major). One work-group
        // computes one TILE x TILE tile of the f x f result for one block, staging TILE rows at a time in local memory.
        __kernel void gram_partial(__global const float* y, const int rows, const int f, const int blockRows,
                                   __global float* partial)
        {
            __local float ya[TILE][TILE];
            __local float yc[TILE][TILE];
            const int tx = get_local_id(0);
            const int ty = get_local_id(1);
            const int aBase = get_group_id(1) * TILE;
            const int cBase = get_group_id(0) * TILE;
            const int block = get_group_id(2);
            const int start = block * blockRows;
            const int end = min(rows, start + blockRows);
            float acc = 0.0f;
            for (int n0 = start; n0 < end; n0 += TILE)
            {
                const int n = n0 + ty;
                const size_t offset = (size_t)n * f;
                ya[ty][tx] = (n < end && aBase + tx < f) ? y[offset + aBase + tx] : 0.0f;
                yc[ty][tx] = (n < end && cBase + tx < f) ? y[offset + cBase + tx] : 0.0f;
                barrier(CLK_LOCAL_MEM_FENCE);
                for (int k = 0; k < TILE; k++)
                {
                    acc += ya[k][ty] * yc[k][tx];
                }
                barrier(CLK_LOCAL_MEM_FENCE);
            }

            const int a = aBase + ty;
            const int c = cBase + tx;
            if (a < f && c < f)
            {
                partial[(size_t)block * f * f + a * f + c] = acc;
            }
        }

        // gram = sum of the block partials (in block order, so the result does not depend on scheduling) + lambda I.
        __kernel void gram_reduce(__global const float* partial, const int blocks, const int f, const float lambda,
                                  __global float* gram)
        {
            const int idx = get_global_id(0);
            if (idx >= f * f)
            {
                return;
            }

            float sum = 0.0f;
            for (int b = 0; b < blocks; b++)
            {
                sum += partial[(size_t)b * f * f + idx];
            }

            if (idx / f == idx % f)
            {
                sum += lambda;
            }

            gram[idx] = sum;
        }

        // Sum of one value per work-item over the work-group (the local size is a power of two).
        float group_sum(const float value, __local float* red)
        {
            const int lid = get_local_id(0);
            red[lid] = value;
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int s = get_local_size(0) / 2; s > 0; s >>= 1)
            {
                if (lid < s)
                {
                    red[lid] += red[lid + s];
                }
                barrier(CLK_LOCAL_MEM_FENCE);
            }

            const float total = red[0];
            barrier(CLK_LOCAL_MEM_FENCE);
            return total;
        }

        // out = A v for the row's system A = Gram + Y^T (C - I) Y when residual is 0, or out = b - A v with
        // b = Y^T C p when residual is 1. The nonzeros' weights are computed one nonzero per work-item and parked in
        // weights[start..end) (the row's own slice of a global scratch buffer); then each work-item sums its factors.
        void row_system(__global const float* gram, __global const float* fixedFactors, __global const int* cols,
                        __global const float* cm1, __global float* weights, const int start, const int end, const int f,
                        __local const float* v, __local float* out, const int residual)
        {
            const int lid = get_local_id(0);
            const int size = get_local_size(0);
            for (int i = start + lid; i < end; i += size)
            {
                __global const float* y = fixedFactors + (size_t)cols[i] * f;
                float d = 0.0f;
                for (int k = 0; k < f; k++)
                {
                    d += y[k] * v[k];
                }

                const float c = cm1[i];
                weights[i] = residual ? 1.0f + c - c * d : c * d;
            }
            barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);

            for (int k = lid; k < f; k += size)
            {
                // Gram is symmetric: reading its column k lets neighbouring work-items read neighbouring floats.
                float dense = 0.0f;
                for (int j = 0; j < f; j++)
                {
                    dense += gram[j * f + k] * v[j];
                }

                float sparse = 0.0f;
                for (int i = start; i < end; i++)
                {
                    sparse += weights[i] * fixedFactors[(size_t)cols[i] * f + k];
                }

                out[k] = (residual ? -dense : dense) + sparse;
            }
            barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
        }

        // A fixed number of conjugate-gradient steps on one row's system, warm-started from the row's current factors
        // (Takacs, Pilaszy and Tikk 2011), by the whole work-group. x, r, p and A p live in local memory.
        void cg_row(const int row, __global const int* rowPointers, __global const int* cols, __global const float* cm1,
                    __global const float* fixedFactors, __global float* solved, __global const float* gram,
                    __global float* weights, const int f, const int steps, __local float* scratch)
        {
            const int lid = get_local_id(0);
            const int size = get_local_size(0);
            __local float* x = scratch;
            __local float* r = x + f;
            __local float* p = r + f;
            __local float* ap = p + f;
            __local float* red = ap + f;
            const int start = rowPointers[row];
            const int end = rowPointers[row + 1];
            __global float* target = solved + (size_t)row * f;

            for (int k = lid; k < f; k += size)
            {
                x[k] = target[k];
            }
            barrier(CLK_LOCAL_MEM_FENCE);

            row_system(gram, fixedFactors, cols, cm1, weights, start, end, f, x, r, 1);
            float part = 0.0f;
            for (int k = lid; k < f; k += size)
            {
                p[k] = r[k];
                part += r[k] * r[k];
            }

            float rsOld = group_sum(part, red);
            if (rsOld < CONVERGED)
            {
                return;
            }

            for (int step = 0; step < steps; step++)
            {
                row_system(gram, fixedFactors, cols, cm1, weights, start, end, f, p, ap, 0);
                part = 0.0f;
                for (int k = lid; k < f; k += size)
                {
                    part += p[k] * ap[k];
                }

                const float alpha = rsOld / group_sum(part, red);
                part = 0.0f;
                for (int k = lid; k < f; k += size)
                {
                    x[k] += alpha * p[k];
                    r[k] -= alpha * ap[k];
                    part += r[k] * r[k];
                }

                const float rsNew = group_sum(part, red);
                if (rsNew < CONVERGED)
                {
                    break;
                }

                const float beta = rsNew / rsOld;
                for (int k = lid; k < f; k += size)
                {
                    p[k] = r[k] + beta * p[k];
                }
                barrier(CLK_LOCAL_MEM_FENCE);
                rsOld = rsNew;
            }

            for (int k = lid; k < f; k += size)
            {
                target[k] = x[k];
            }
            barrier(CLK_LOCAL_MEM_FENCE);
        }

        // Each work-group solves rows group, group + groups, ...: a bounded number of groups keeps the per-group
        // start-up cost (large on CPU drivers such as PoCL) independent of the row count.
        __kernel void cg_rows(__global const int* rowPointers, __global const int* cols, __global const float* cm1,
                              __global const float* fixedFactors, __global float* solved, __global const float* gram,
                              __global float* weights, const int f, const int steps, const int rows, __local float* scratch)
        {
            for (int row = get_group_id(0); row < rows; row += get_num_groups(0))
            {
                cg_row(row, rowPointers, cols, cm1, fixedFactors, solved, gram, weights, f, steps, scratch);
            }
        }

        // Sets *flag when any of the count values is NaN or infinite (a grid-stride loop, so any launch size covers all).
        __kernel void flag_nonfinite(__global const float* values, const long count, __global int* flag)
        {
            for (long i = get_global_id(0); i < count; i += get_global_size(0))
            {
                if (!isfinite(values[i]))
                {
                    *flag = 1;
                }
            }
        }
        """;
}
