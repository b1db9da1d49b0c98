using System.Diagnostics;
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Recommender.Core.Als.Gpu;

/// <summary>
/// Implicit ALS through ILGPU (CUDA, OpenCL, or ILGPU's CPU accelerator) with the CPU solver's maths, options, seeded
/// initialisation and NaN guard. Both CSR orientations, their confidences and both factor matrices are uploaded once and
/// stay on the device for the whole fit; each half-iteration builds the Gram matrix and solves every row there, and the
/// factors come back once at the end (after every iteration only when the loss is asked for).
/// Only the CG solver runs on the device: an f x f Cholesky per row would need f^2 floats of fast memory per row
/// (64 KiB at 128 factors) and does not pay against 3 CG steps, so the exact solver stays on the CPU.
/// </summary>
public sealed class GpuAlsFitter(GpuDeviceInfo device) : IAlsFitter
{
    /// <summary>Threads per row group: enough for 64-128 factors, a multiple of every warp size.</summary>
    private const int PreferredGroupSize = 64;

    public ComputeDeviceInfo Device => device.Info;

    public AlsFactors Fit(CsrMatrix userItems, AlsOptions options, IProgress<AlsIterationReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Solver != AlsSolverKind.ConjugateGradient)
        {
            throw new NotSupportedException($"The {device.Info.Kind} device runs the conjugate-gradient solver only; use --device cpu for the Cholesky solver.");
        }

        AlsInputValidation.Validate(userItems, options);
        cancellationToken.ThrowIfCancellationRequested();

        int f = options.Factors;
        CsrMatrix itemUsers = userItems.Transpose();
        float[] userConfidence = CpuAlsFitter.ConfidenceMinusOne(userItems.Values, options);
        float[] itemConfidence = CpuAlsFitter.ConfidenceMinusOne(itemUsers.Values, options);
        float[] userFactors = new float[(long)userItems.Rows * f];
        float[] itemFactors = new float[(long)userItems.Columns * f];
        FactorInitialiser.Initialise(userFactors, itemFactors, options.Seed);
        int maxRows = Math.Max(userItems.Rows, userItems.Columns);
        int gramBlocks = Math.Max(1, (maxRows + AlsKernels.GramBlockRows - 1) / AlsKernels.GramBlockRows);
        EnsureFits(userItems, f, gramBlocks);

        using Context context = GpuDevices.CreateContext(device.Spec.Kind);
        using Accelerator accelerator = GpuDevices.Find(context, device.Spec).CreateAccelerator(context);
        var kernels = new Kernels(accelerator, f);
        using var users = new DeviceCsr(accelerator, userItems, userConfidence);
        using var items = new DeviceCsr(accelerator, itemUsers, itemConfidence);
        using MemoryBuffer1D<float, Stride1D.Dense> x = accelerator.Allocate1D(userFactors);
        using MemoryBuffer1D<float, Stride1D.Dense> y = accelerator.Allocate1D(itemFactors);
        using MemoryBuffer1D<float, Stride1D.Dense> gram = accelerator.Allocate1D<float>((long)f * f);
        using MemoryBuffer1D<float, Stride1D.Dense> partial = accelerator.Allocate1D<float>((long)gramBlocks * f * f);
        using MemoryBuffer1D<float, Stride1D.Dense> weights = accelerator.Allocate1D<float>(Math.Max(1, userItems.NonZeros));
        using MemoryBuffer1D<int, Stride1D.Dense> flag = accelerator.Allocate1D<int>(1);
        int workers = options.Threads == 0 ? Environment.ProcessorCount : options.Threads;

        for (int iteration = 1; iteration <= options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long started = Stopwatch.GetTimestamp();
            kernels.SolveHalf(users, y, userItems.Columns, x, gram, partial, weights, options);
            EnsureFinite(kernels, x, flag, "user", iteration);
            cancellationToken.ThrowIfCancellationRequested();
            kernels.SolveHalf(items, x, userItems.Rows, y, gram, partial, weights, options);
            EnsureFinite(kernels, y, flag, "item", iteration);
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            double? loss = null;
            if (options.ComputeLoss)
            {
                x.CopyToCPU(userFactors);
                y.CopyToCPU(itemFactors);
                loss = AlsLoss.Compute(userItems, userConfidence, userFactors, itemFactors, f, options.Regularization, workers, cancellationToken);
            }

            progress?.Report(new AlsIterationReport(iteration, seconds, loss));
        }

        x.CopyToCPU(userFactors);
        y.CopyToCPU(itemFactors);
        return new AlsFactors(userItems.Rows, userItems.Columns, f, userFactors, itemFactors);
    }

    /// <summary>Device bytes a fit needs: both CSR orientations, both factor matrices, the Gram buffers, the CG weights.</summary>
    internal static long RequiredBytes(int users, int items, long nonZeros, int factors, int gramBlocks) =>
        (4L * (users + items + 2)) + (2 * 8L * nonZeros)
        + (4L * factors * ((long)users + items))
        + (4L * factors * factors * (1 + gramBlocks)) + (4L * nonZeros) + 4;

    private void EnsureFits(CsrMatrix userItems, int f, int gramBlocks)
    {
        long needed = RequiredBytes(userItems.Rows, userItems.Columns, userItems.NonZeros, f, gramBlocks);
        if (device.MemoryBytes > 0 && needed > device.MemoryBytes)
        {
            throw new NotSupportedException(
                $"Out of device memory: {userItems.Rows} x {userItems.Columns} with {userItems.NonZeros} nonzeros and {f} factors needs {needed >> 20} MiB, "
                + $"{device.Info.Kind} device '{device.Info.Name}' has {device.MemoryBytes >> 20} MiB; use --device cpu or fewer factors.");
        }
    }

    private static void EnsureFinite(Kernels kernels, MemoryBuffer1D<float, Stride1D.Dense> factors, MemoryBuffer1D<int, Stride1D.Dense> flag, string side, int iteration)
    {
        if (kernels.HasNonFinite(factors, flag))
        {
            throw new AlsDivergedException(
                $"ALS diverged: {side} factors became NaN or infinite in the {side} half of iteration {iteration}; "
                + "check the input values for NaN/infinity and lower alpha or raise regularization.");
        }
    }

    /// <summary>One CSR orientation with its confidences on the device.</summary>
    private sealed class DeviceCsr : IDisposable
    {
        public DeviceCsr(Accelerator accelerator, CsrMatrix matrix, float[] confidenceMinusOne)
        {
            Rows = matrix.Rows;
            RowPointers = accelerator.Allocate1D(matrix.RowPointers);

            // Zero-length buffers are not allowed everywhere; an empty matrix gets one unused element.
            Columns = accelerator.Allocate1D(matrix.NonZeros > 0 ? matrix.ColumnIndices : [0]);
            Confidences = accelerator.Allocate1D(matrix.NonZeros > 0 ? confidenceMinusOne : [0f]);
        }

        public int Rows { get; }

        public MemoryBuffer1D<int, Stride1D.Dense> RowPointers { get; }

        public MemoryBuffer1D<int, Stride1D.Dense> Columns { get; }

        public MemoryBuffer1D<float, Stride1D.Dense> Confidences { get; }

        public void Dispose()
        {
            RowPointers.Dispose();
            Columns.Dispose();
            Confidences.Dispose();
        }
    }

    /// <summary>The compiled kernels and their launch shapes for one accelerator and factor count.</summary>
    private sealed class Kernels
    {
        private readonly Accelerator _accelerator;
        private readonly int _factors;
        private readonly int _groupSize;
        private readonly int _maxGroups;
        private readonly Action<Index1D, ArrayView<float>, int, int, ArrayView<float>> _gramPartial;
        private readonly Action<Index1D, ArrayView<float>, int, int, float, ArrayView<float>> _gramReduce;
        private readonly Action<KernelConfig, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> _solveRows;
        private readonly Action<Index1D, ArrayView<float>, ArrayView<int>> _flagNonFinite;

        public Kernels(Accelerator accelerator, int factors)
        {
            _accelerator = accelerator;
            _factors = factors;
            // A power of two (the group sum halves it); at most what the accelerator runs in one group.
            _groupSize = (int)Math.Min(PreferredGroupSize, BitOperations.RoundUpToPowerOf2((uint)accelerator.MaxNumThreadsPerGroup + 1) / 2);
            _maxGroups = Math.Max(1, accelerator.MaxNumThreads / _groupSize);
            _gramPartial = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, int, ArrayView<float>>(AlsKernels.GramPartial);
            _gramReduce = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, int, float, ArrayView<float>>(AlsKernels.GramReduce);
            _solveRows = accelerator.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(AlsKernels.SolveRows);
            _flagNonFinite = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>>(AlsKernels.FlagNonFinite);
        }

        /// <summary>Gram of <paramref name="fixedFactors"/> (fixedRows x f), then the CG steps of every row of <paramref name="matrix"/>.</summary>
        public void SolveHalf(
            DeviceCsr matrix,
            MemoryBuffer1D<float, Stride1D.Dense> fixedFactors,
            int fixedRows,
            MemoryBuffer1D<float, Stride1D.Dense> solved,
            MemoryBuffer1D<float, Stride1D.Dense> gram,
            MemoryBuffer1D<float, Stride1D.Dense> partial,
            MemoryBuffer1D<float, Stride1D.Dense> weights,
            AlsOptions options)
        {
            int f = _factors;
            int blocks = Math.Max(1, (fixedRows + AlsKernels.GramBlockRows - 1) / AlsKernels.GramBlockRows);
            _gramPartial(blocks * f * f, fixedFactors.View, fixedRows, f, partial.View);
            _gramReduce(f * f, partial.View, blocks, f, options.Regularization, gram.View);
            if (matrix.Rows == 0)
            {
                return;
            }

            int groups = Math.Min(matrix.Rows, _maxGroups);
            var config = new KernelConfig(groups, _groupSize, SharedMemoryConfig.RequestDynamic<float>((4 * f) + _groupSize));
            _solveRows(config, matrix.RowPointers.View, matrix.Columns.View, matrix.Confidences.View, fixedFactors.View, solved.View, gram.View, weights.View, f, options.CgSteps, matrix.Rows);
        }

        /// <summary>Runs the NaN/infinity check on the device and reads back its one flag (this also waits for the half).</summary>
        public bool HasNonFinite(MemoryBuffer1D<float, Stride1D.Dense> factors, MemoryBuffer1D<int, Stride1D.Dense> flag)
        {
            flag.MemSetToZero();
            if (factors.Length > 0)
            {
                _flagNonFinite((int)factors.Length, factors.View, flag.View);
            }

            int[] result = new int[1];
            flag.CopyToCPU(result);
            _accelerator.Synchronize();
            return result[0] != 0;
        }
    }
}
