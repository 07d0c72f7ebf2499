using System.Numerics;
using System.Runtime.InteropServices;

namespace ReliabilityMcp.Core.Incidents;

/// <summary>Dot products and norms with SIMD (exact re-ranking and recall measurement run these per candidate).</summary>
public static class VectorMath
{
    /// <summary>The dot product of two vectors of equal length.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors differ in length ({a.Length} and {b.Length}).", nameof(b));
        }

        var sum = Vector<float>.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (var v = 0; v < va.Length; v++)
            {
                sum += va[v] * vb[v];
            }

            i = va.Length * Vector<float>.Count;
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    /// <summary>The Euclidean norm.</summary>
    public static float Norm(ReadOnlySpan<float> values) => MathF.Sqrt(Dot(values, values));
}
