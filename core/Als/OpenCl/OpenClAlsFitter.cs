using System.Diagnostics;
using System.Numerics.Tensors;

namespace Recommender.Core.Als.OpenCl;

/// <summary>
/// Implicit ALS on an OpenCL device with the CPU solver's maths and options: per half-iteration the Gram matrix is
/// built on the device (tiled), then one work-group per row runs the warm-started CG steps in local memory. Both CSR
/// orientations and both factor matrices stay on the device for the whole fit; factors come back once at the end
/// (and after each iteration only when the loss is asked for). A tiny device check after each half catches NaN.
/// </summary>
public sealed class OpenClAlsFitter : IAlsFitter
{
    private readonly OpenClDeviceInfo _device;
    private readonly string _kernelSource;

    /// <summary>A fitter on <paramref name="device"/>, as listed by <see cref="OpenClDevices"/>.</summary>
    public OpenClAlsFitter(OpenClDeviceInfo device)
        : this(device, AlsKernelSource.Text)
    {
    }

    /// <summary>Seam for tests: a fitter that builds <paramref name="kernelSource"/> instead of the ALS kernels.</summary>
    internal OpenClAlsFitter(OpenClDeviceInfo device, string kernelSource)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(kernelSource);
        _device = device;
        _kernelSource = kernelSource;
    }

    public ComputeDeviceInfo Device => _device.ToComputeDeviceInfo();

    /// <summary>The OpenCL device with its memory limits.</summary>
    public OpenClDeviceInfo OpenClDevice => _device;

    public AlsFactors Fit(CsrMatrix userItems, AlsOptions options, IProgress<AlsIterationReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(options);
        Validate(userItems, options);

        int f = options.Factors;
        CsrMatrix itemUsers = userItems.Transpose();
        float[] userConfidence = CpuAlsFitter.ConfidenceMinusOne(userItems.Values, options);
        float[] itemConfidence = CpuAlsFitter.ConfidenceMinusOne(itemUsers.Values, options);
        float[] userFactors = new float[(long)userItems.Rows * f];
        float[] itemFactors = new float[(long)userItems.Columns * f];
        FactorInitialiser.Initialise(userFactors, itemFactors, options.Seed);

        using OpenClContext context = OpenClContext.Create(_device);
        using AlsDeviceProgram program = AlsDeviceProgram.Build(context, _kernelSource, f);
        int maxRows = Math.Max(userItems.Rows, userItems.Columns);
        EnsureFits(userItems, f, program.PartialFloats(maxRows));

        using DeviceCsr users = DeviceCsr.Upload(context, userItems, userConfidence, "user-item matrix");
        using DeviceCsr items = DeviceCsr.Upload(context, itemUsers, itemConfidence, "item-user matrix");
        using OpenClBuffer x = context.Upload<float>(userFactors, "user factors");
        using OpenClBuffer y = context.Upload<float>(itemFactors, "item factors");
        using OpenClBuffer gram = context.CreateBuffer(4L * f * f, "Gram matrix");
        using OpenClBuffer partial = context.CreateBuffer(4L * program.PartialFloats(maxRows), "Gram partial sums");
        using OpenClBuffer weights = context.CreateBuffer(4L * userItems.NonZeros, "CG weights");
        using OpenClBuffer flag = context.CreateBuffer(4, "NaN flag");
        int workers = options.Threads == 0 ? Environment.ProcessorCount : options.Threads;

        for (int iteration = 1; iteration <= options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long started = Stopwatch.GetTimestamp();
            program.ComputeGram(y, userItems.Columns, options.Regularization, partial, gram);
            program.SolveRows(users, y, x, gram, weights, options.CgSteps);
            EnsureFinite(program, x, userFactors.LongLength, "user", iteration, flag);
            cancellationToken.ThrowIfCancellationRequested();
            program.ComputeGram(x, userItems.Rows, options.Regularization, partial, gram);
            program.SolveRows(items, x, y, gram, weights, options.CgSteps);
            EnsureFinite(program, y, itemFactors.LongLength, "item", iteration, flag);
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            double? loss = null;
            if (options.ComputeLoss)
            {
                context.Read<float>(x, userFactors);
                context.Read<float>(y, itemFactors);
                loss = AlsLoss.Compute(userItems, userConfidence, userFactors, itemFactors, f, options.Regularization, workers, cancellationToken);
            }

            progress?.Report(new AlsIterationReport(iteration, seconds, loss));
        }

        context.Read<float>(x, userFactors);
        context.Read<float>(y, itemFactors);
        return new AlsFactors(userItems.Rows, userItems.Columns, f, userFactors, itemFactors);
    }

    /// <summary>Device bytes a fit needs: both CSR orientations, both factor matrices, the Gram buffers and the CG weights.</summary>
    internal static long RequiredBytes(int users, int items, long nonZeros, int factors, long partialFloats) =>
        (2 * DeviceCsr.BytesFor(Math.Max(users, items), (int)Math.Min(nonZeros, int.MaxValue)))
        + (4L * factors * ((long)users + items))
        + (4L * factors * factors) + (4L * partialFloats) + (4L * nonZeros) + 4;

    private void EnsureFits(CsrMatrix userItems, int f, long partialFloats)
    {
        long needed = RequiredBytes(userItems.Rows, userItems.Columns, userItems.NonZeros, f, partialFloats);
        if (needed > _device.GlobalMemoryBytes)
        {
            throw new OpenClException(
                $"Out of device memory: {userItems.Rows} x {userItems.Columns} with {userItems.NonZeros} nonzeros and {f} factors needs {needed / (1 << 20)} MiB, "
                + $"OpenCL device '{_device.Name}' has {_device.GlobalMemoryBytes / (1 << 20)} MiB; use --device cpu or fewer factors.");
        }

        long largest = 4L * f * Math.Max(userItems.Rows, userItems.Columns);
        if (largest > _device.MaxAllocationBytes)
        {
            throw new OpenClException(
                $"Out of device memory: a factor matrix needs {largest / (1 << 20)} MiB in one buffer, above the {_device.MaxAllocationBytes / (1 << 20)} MiB "
                + $"largest allocation of OpenCL device '{_device.Name}'; use --device cpu or fewer factors.");
        }
    }

    private static void EnsureFinite(AlsDeviceProgram program, OpenClBuffer factors, long count, string side, int iteration, OpenClBuffer flag)
    {
        if (program.HasNonFinite(factors, count, flag))
        {
            throw new AlsDivergedException(
                $"ALS diverged: {side} factors became NaN or infinite in the {side} half of iteration {iteration}; "
                + "check the input values for NaN/infinity and lower alpha or raise regularization.");
        }
    }

    private static void Validate(CsrMatrix userItems, AlsOptions options)
    {
        if (options.Solver != AlsSolverKind.ConjugateGradient)
        {
            throw new NotSupportedException("The OpenCL backend implements the conjugate-gradient solver only; use --device cpu for the Cholesky solver.");
        }

        if (options.Factors < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Factors must be at least 1, not {options.Factors}.");
        }

        if (options.Iterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Iterations must not be negative, not {options.Iterations}.");
        }

        if (!(options.Regularization >= 0f) || !float.IsFinite(options.Regularization))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Regularization must be a finite number >= 0, not {options.Regularization}.");
        }

        if (options.CgSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"CgSteps must be at least 1, not {options.CgSteps}.");
        }

        if ((long)userItems.Rows * options.Factors > Array.MaxLength || (long)userItems.Columns * options.Factors > Array.MaxLength)
        {
            throw new ArgumentException($"{userItems.Rows} x {userItems.Columns} with {options.Factors} factors exceeds the largest factor array.");
        }

        // The kernels index factor rows by column without bounds checks, so every column index is checked once here.
        if (userItems.NonZeros > 0)
        {
            int min = TensorPrimitives.Min<int>(userItems.ColumnIndices);
            int max = TensorPrimitives.Max<int>(userItems.ColumnIndices);
            if (min < 0 || max >= userItems.Columns)
            {
                throw new ArgumentException($"The interaction matrix has column indices outside 0..{userItems.Columns - 1}.", nameof(userItems));
            }
        }
    }
}
