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
/// With <paramref name="kernelProfile"/> set, each iteration also writes the time of every device stage there.
/// </summary>
public sealed class GpuAlsFitter(GpuDeviceInfo device, TextWriter? kernelProfile = null) : IAlsFitter
{
    /// <summary>Most warps in one row group: 1,024 threads on CUDA, the most a group may have.</summary>
    private const int MaxWarpsPerGroup = 32;

    /// <summary>Nonzeros (and Gram rows) per warp of an average row that the group size aims at.</summary>
    private const int WorkPerWarp = 32;

    /// <summary>Nonzeros per warp of the longest row above which its group gets more warps (it bounds the half's tail).</summary>
    private const int LongestWorkPerWarp = 2048;

    public ComputeDeviceInfo Device => device.Info;

    /// <summary>The kernels add one shared lambda and the plain Y^T Y; the refinements run on the CPU fitter.</summary>
    public bool SupportsScaledRegularization => false;

    public AlsFactors Fit(CsrMatrix userItems, AlsOptions options, IProgress<AlsIterationReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Solver != AlsSolverKind.ConjugateGradient)
        {
            throw new NotSupportedException($"The {device.Info.Kind} device runs the conjugate-gradient solver only; use --device cpu for the Cholesky solver.");
        }

        if (options.ScalesRegularization || options.UnobservedWeight != 1f)
        {
            throw new NotSupportedException($"The {device.Info.Kind} device fits with regularization exponent 0 and unobserved weight 1 only; use --device cpu for the others.");
        }

        AlsInputValidation.Validate(userItems, options);
        cancellationToken.ThrowIfCancellationRequested();

        int f = options.Factors;
        CsrMatrix itemUsers = userItems.Transpose();
        float[] userConfidence = CpuAlsFitter.ConfidenceMinusOne(userItems.Values, options);
        float[] itemConfidence = CpuAlsFitter.ConfidenceMinusOne(itemUsers.Values, options);
        float[] userFactors = new float[(long)userItems.Rows * f];
        float[] itemFactors = new float[(long)userItems.Columns * f];
        FactorInitialiser.Initialise(userFactors, itemFactors, options.Seed, options.InitScale);
        int maxRows = Math.Max(userItems.Rows, userItems.Columns);
        int gramBlocks = Math.Max(1, (maxRows + AlsKernels.GramBlockRows - 1) / AlsKernels.GramBlockRows);
        EnsureFits(userItems, f, gramBlocks);

        using Context context = GpuDevices.CreateContext(device.Spec.Kind);
        using Accelerator accelerator = GpuDevices.Find(context, device.Spec).CreateAccelerator(context);
        KernelProfile? profile = kernelProfile is null ? null : new KernelProfile(accelerator);
        using var kernels = new Kernels(accelerator, f, profile);
        using var users = new DeviceCsr(accelerator, userItems, userConfidence);
        using var items = new DeviceCsr(accelerator, itemUsers, itemConfidence);
        using MemoryBuffer1D<float, Stride1D.Dense> x = accelerator.Allocate1D(userFactors);
        using MemoryBuffer1D<float, Stride1D.Dense> y = accelerator.Allocate1D(itemFactors);
        using MemoryBuffer1D<float, Stride1D.Dense> gram = accelerator.Allocate1D<float>((long)f * f);
        using MemoryBuffer1D<float, Stride1D.Dense> partial = accelerator.Allocate1D<float>((long)gramBlocks * f * f);
        using MemoryBuffer1D<int, Stride1D.Dense> flag = accelerator.Allocate1D<int>(1);
        int workers = options.Threads == 0 ? Environment.ProcessorCount : options.Threads;

        for (int iteration = 1; iteration <= options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            profile?.Start();
            long started = Stopwatch.GetTimestamp();
            kernels.SolveHalf("user", users, y, userItems.Columns, x, gram, partial, options);
            EnsureFinite(kernels, x, flag, "user", iteration);
            cancellationToken.ThrowIfCancellationRequested();
            kernels.SolveHalf("item", items, x, userItems.Rows, y, gram, partial, options);
            EnsureFinite(kernels, y, flag, "item", iteration);
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            kernelProfile?.WriteLine($"kernels in iteration {iteration}: {profile}");

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

    /// <summary>Device bytes a fit needs: both CSR orientations with their row orders, both factor matrices, the Gram buffers, two counters.</summary>
    internal static long RequiredBytes(int users, int items, long nonZeros, int factors, int gramBlocks) =>
        (4L * ((2L * (users + items)) + 2)) + (2 * 8L * nonZeros)
        + (4L * factors * ((long)users + items))
        + (4L * factors * factors * (1 + gramBlocks)) + 8;

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

    /// <summary>One CSR orientation with its confidences and its rows longest first on the device.</summary>
    private sealed class DeviceCsr : IDisposable
    {
        public DeviceCsr(Accelerator accelerator, CsrMatrix matrix, float[] confidenceMinusOne)
        {
            Rows = matrix.Rows;
            MeanLength = matrix.Rows == 0 ? 0 : (double)matrix.NonZeros / matrix.Rows;
            for (int row = 0; row < matrix.Rows; row++)
            {
                LongestLength = Math.Max(LongestLength, matrix.RowPointers[row + 1] - matrix.RowPointers[row]);
            }

            RowPointers = accelerator.Allocate1D(matrix.RowPointers);

            // Zero-length buffers are not allowed everywhere; an empty matrix gets one unused element.
            Columns = accelerator.Allocate1D(matrix.NonZeros > 0 ? matrix.ColumnIndices : [0]);
            Confidences = accelerator.Allocate1D(matrix.NonZeros > 0 ? confidenceMinusOne : [0f]);
            Order = accelerator.Allocate1D(matrix.Rows > 0 ? LongestFirst(matrix) : [0]);
        }

        public int Rows { get; }

        /// <summary>Nonzeros per row on average, which sizes the row groups.</summary>
        public double MeanLength { get; }

        /// <summary>Nonzeros of the longest row, which sizes the row groups when it would trail far behind the rest.</summary>
        public int LongestLength { get; }

        public MemoryBuffer1D<int, Stride1D.Dense> RowPointers { get; }

        public MemoryBuffer1D<int, Stride1D.Dense> Columns { get; }

        public MemoryBuffer1D<float, Stride1D.Dense> Confidences { get; }

        /// <summary>Row indices by descending length: the solve kernel hands them out in this order.</summary>
        public MemoryBuffer1D<int, Stride1D.Dense> Order { get; }

        public void Dispose()
        {
            RowPointers.Dispose();
            Columns.Dispose();
            Confidences.Dispose();
            Order.Dispose();
        }

        /// <summary>
        /// Row indices, longest row first, so the popular items of a power-law matrix start at once and finish alongside
        /// the short rows instead of after them. Which group solves a row does not change its result.
        /// </summary>
        private static int[] LongestFirst(CsrMatrix matrix)
        {
            int[] order = new int[matrix.Rows];
            long[] keys = new long[matrix.Rows];
            ReadOnlySpan<int> pointers = matrix.RowPointers;
            for (int row = 0; row < order.Length; row++)
            {
                order[row] = row;
                // Descending length, ties by ascending index: the order is the same on every run.
                keys[row] = ((long)(int.MaxValue - (pointers[row + 1] - pointers[row])) << 32) | (uint)row;
            }

            Array.Sort(keys, order);
            return order;
        }
    }

    /// <summary>The compiled kernels and their launch shapes for one accelerator and factor count.</summary>
    private sealed class Kernels : IDisposable
    {
        private readonly Accelerator _accelerator;
        private readonly int _factors;
        private readonly Action<Index1D, ArrayView<float>, int, int, ArrayView<float>> _gramPartial;
        private readonly Action<Index1D, ArrayView<float>, int, int, float, ArrayView<float>> _gramReduce;
        private readonly Action<KernelConfig, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<int>, int, int, int> _solveRows;
        private readonly Action<Index1D, ArrayView<float>, ArrayView<int>> _flagNonFinite;
        private readonly MemoryBuffer1D<int, Stride1D.Dense> _next;
        private readonly KernelProfile? _profile;

        public Kernels(Accelerator accelerator, int factors, KernelProfile? profile)
        {
            _accelerator = accelerator;
            _factors = factors;
            _profile = profile;
            _gramPartial = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, int, ArrayView<float>>(AlsKernels.GramPartial);
            _gramReduce = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, int, float, ArrayView<float>>(AlsKernels.GramReduce);
            _solveRows = accelerator.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<int>, int, int, int>(AlsKernels.SolveRows);
            _flagNonFinite = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>>(AlsKernels.FlagNonFinite);
            _next = accelerator.Allocate1D<int>(1);
        }

        /// <summary>Gram of <paramref name="fixedFactors"/> (fixedRows x f), then the CG steps of every row of <paramref name="matrix"/>.</summary>
        public void SolveHalf(
            string side,
            DeviceCsr matrix,
            MemoryBuffer1D<float, Stride1D.Dense> fixedFactors,
            int fixedRows,
            MemoryBuffer1D<float, Stride1D.Dense> solved,
            MemoryBuffer1D<float, Stride1D.Dense> gram,
            MemoryBuffer1D<float, Stride1D.Dense> partial,
            AlsOptions options)
        {
            int f = _factors;
            int blocks = Math.Max(1, (fixedRows + AlsKernels.GramBlockRows - 1) / AlsKernels.GramBlockRows);
            _gramPartial(blocks * f * f, fixedFactors.View, fixedRows, f, partial.View);
            _gramReduce(f * f, partial.View, blocks, f, options.Regularization, gram.View);
            _profile?.Lap($"{side} gram");
            if (matrix.Rows == 0)
            {
                return;
            }

            (int groupSize, int groups, int sharedBytes) = Shape(matrix);
            var config = new KernelConfig(groups, groupSize, SharedMemoryConfig.RequestDynamic<float>(sharedBytes / sizeof(float)));
            _next.MemSetToZero();
            _solveRows(config, matrix.RowPointers.View, matrix.Columns.View, matrix.Confidences.View, fixedFactors.View, solved.View, gram.View, matrix.Order.View, _next.View, f, options.CgSteps, matrix.Rows);
            _profile?.Lap($"{side} solve ({groups} x {groupSize} threads)");
        }

        public void Dispose() => _next.Dispose();

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
            _profile?.Lap("check");
            return result[0] != 0;
        }

        /// <summary>
        /// The solve launch for one orientation: about <see cref="WorkPerWarp"/> nonzeros and Gram rows per warp of an
        /// average row (so the long item rows get wide groups, the short user rows narrow ones), and at most
        /// <see cref="LongestWorkPerWarp"/> nonzeros per warp of the longest row (a popular item's serial chain per warp is
        /// the half's tail); no more warps than the shared memory and the device's resources allow, and as many groups as
        /// stay resident at once.
        /// </summary>
        private (int GroupSize, int Groups, int SharedBytes) Shape(DeviceCsr matrix)
        {
            int f = _factors;
            int warpSize = _accelerator.WarpSize;
            int sharedLimit = (int)Math.Min(int.MaxValue, _accelerator.MaxSharedMemoryPerGroup);
            int limit = Math.Min(MaxWarpsPerGroup, Math.Max(1, _accelerator.MaxNumThreadsPerGroup / warpSize));
            double wanted = Math.Max((matrix.MeanLength + f) / WorkPerWarp, (double)matrix.LongestLength / LongestWorkPerWarp);
            int warps = (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)Math.Ceiling(wanted)), 1, (uint)limit);
            while (warps > 1 && sizeof(float) * AlsKernels.SharedFloats(f, warps) > sharedLimit)
            {
                warps /= 2;
            }

            int sharedBytes = sizeof(float) * AlsKernels.SharedFloats(f, warps);
            if (sharedBytes > sharedLimit)
            {
                throw new NotSupportedException($"{f} factors need {sharedBytes} bytes of shared memory per row group, the {_accelerator.Name} has {sharedLimit}; use fewer factors or --device cpu.");
            }

            Kernel kernel = _solveRows.GetKernel();
            int resident = _accelerator.EstimateMaxActiveGroupsPerMultiprocessor(kernel, warps * warpSize, sharedBytes);
            while (resident == 0 && warps > 1)
            {
                // Too many registers for this group size: fewer warps per group.
                warps /= 2;
                sharedBytes = sizeof(float) * AlsKernels.SharedFloats(f, warps);
                resident = _accelerator.EstimateMaxActiveGroupsPerMultiprocessor(kernel, warps * warpSize, sharedBytes);
            }

            int groups = (int)Math.Min(matrix.Rows, Math.Max(1L, (long)Math.Max(1, resident) * _accelerator.NumMultiprocessors));
            return (warps * warpSize, groups, sharedBytes);
        }
    }
}
