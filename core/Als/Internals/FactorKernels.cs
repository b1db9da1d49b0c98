namespace Recommender.Core.Als.Internals;

/// <summary>
/// The inner loops of the row solvers: dense Gram-matrix products and fused dot-then-axpy passes over a row's
/// nonzeros. Each method runs the kernel set <see cref="FactorKernelSets.For"/> picks for the factor count: the
/// register-resident 64-factor kernels (<see cref="Vector512Kernels64"/> on AVX-512F, <see cref="Vector256Kernels64"/>
/// on AVX2 and FMA), or <see cref="PortableFactorKernels"/> for every other width and CPU. Each set
/// does the same operations in the same order for a given row, so results never depend on the thread that computes
/// them; the sets differ from one another in summation order, within float rounding.
/// </summary>
internal static class FactorKernels
{
    /// <summary>output = sign * (gram * v) for a symmetric f x f gram matrix (row-major).</summary>
    public static void GramTimes(ReadOnlySpan<float> gram, ReadOnlySpan<float> v, Span<float> output, float sign, int factors)
    {
        switch (FactorKernelSets.For(factors))
        {
            case FactorKernelSet.Vector512:
                Vector512Kernels64.GramTimes(gram, v, output, sign);
                return;
            case FactorKernelSet.Vector256:
                Vector256Kernels64.GramTimes(gram, v, output, sign);
                return;
            default:
                PortableFactorKernels.GramTimes(gram, v, output, sign, factors);
                return;
        }
    }

    /// <summary>a . b over the first <paramref name="factors"/> elements; the CG solver's dense dot products.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int factors) => FactorKernelSets.For(factors) switch
    {
        // At 64 floats a call into TensorPrimitives costs more in dispatch than in arithmetic.
        FactorKernelSet.Vector512 => Vector512Kernels64.Dot(a, b),
        FactorKernelSet.Vector256 => Vector256Kernels64.Dot(a, b),
        _ => PortableFactorKernels.Dot(a, b, factors),
    };

    /// <summary>destination = a * s + b over the first <paramref name="factors"/> elements (the CG vector updates).</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> a, float s, ReadOnlySpan<float> b, Span<float> destination, int factors)
    {
        switch (FactorKernelSets.For(factors))
        {
            case FactorKernelSet.Vector512:
                Vector512Kernels64.MultiplyAdd(a, s, b, destination);
                break;
            case FactorKernelSet.Vector256:
                Vector256Kernels64.MultiplyAdd(a, s, b, destination);
                break;
            default:
                PortableFactorKernels.MultiplyAdd(a, s, b, destination, factors);
                break;
        }
    }

    /// <summary>partial += sum over rows start..end-1 of y y^T for an f-column row-major factor matrix (a Gram block).</summary>
    public static void AccumulateGram(ReadOnlySpan<float> factorRows, int start, int end, Span<float> partial, int factors)
    {
        switch (FactorKernelSets.For(factors))
        {
            case FactorKernelSet.Vector512:
                Vector512Kernels64.AccumulateGram(factorRows, start, end, partial);
                break;
            case FactorKernelSet.Vector256:
                Vector256Kernels64.AccumulateGram(factorRows, start, end, partial);
                break;
            default:
                PortableFactorKernels.AccumulateGram(factorRows, start, end, partial, factors);
                break;
        }
    }

    /// <summary>
    /// acc += sum_i w_i y_i over the nonzeros of one row, where d_i = y_i . v and
    /// w_i = (1 + cm1_i) - cm1_i d_i when <paramref name="residual"/> (the b - A x part), else cm1_i d_i (the A p part).
    /// </summary>
    public static void AccumulateSparse(ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, ReadOnlySpan<float> fixedFactors, ReadOnlySpan<float> v, Span<float> acc, int factors, bool residual)
    {
        switch (FactorKernelSets.For(factors))
        {
            case FactorKernelSet.Vector512:
                Vector512Kernels64.AccumulateSparse(columns, cm1, fixedFactors, v, acc, residual);
                return;
            case FactorKernelSet.Vector256:
                Vector256Kernels64.AccumulateSparse(columns, cm1, fixedFactors, v, acc, residual);
                return;
            default:
                PortableFactorKernels.AccumulateSparse(columns, cm1, fixedFactors, v, acc, factors, residual);
                return;
        }
    }

    /// <summary>
    /// a += sum_i cm1_i y_i y_i^T over one row's nonzeros (the f x f row-major Cholesky system). The 64-factor kernels
    /// update the whole matrix; the portable path only the lower triangle, which is all the factorisation reads.
    /// </summary>
    public static void AccumulateSystem(Span<float> a, ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, ReadOnlySpan<float> fixedFactors, int factors)
    {
        switch (FactorKernelSets.For(factors))
        {
            case FactorKernelSet.Vector512:
                Vector512Kernels64.AccumulateSystem(a, columns, cm1, fixedFactors);
                return;
            case FactorKernelSet.Vector256:
                Vector256Kernels64.AccumulateSystem(a, columns, cm1, fixedFactors);
                return;
            default:
                PortableFactorKernels.AccumulateSystem(a, columns, cm1, fixedFactors, factors);
                return;
        }
    }
}
