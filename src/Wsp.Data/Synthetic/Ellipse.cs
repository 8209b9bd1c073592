namespace Wsp.Data.Synthetic;

/// <summary>An ellipse in the patient's axial plane (mm): the building block of every organ of the phantom.</summary>
internal readonly struct Ellipse
{
    private readonly float _cx, _cy, _inverseRx2, _inverseRy2, _cos, _sin, _meanRadius;

    /// <param name="cx">Centre towards the patient's right (mm).</param>
    /// <param name="cy">Centre towards anterior (mm).</param>
    /// <param name="rx">Semi-axis along x before rotation (mm); 0 or less makes an empty ellipse.</param>
    /// <param name="ry">Semi-axis along y before rotation (mm).</param>
    /// <param name="angle">Rotation, counter-clockwise from +x (radians).</param>
    public Ellipse(double cx, double cy, double rx, double ry, double angle = 0)
    {
        _cx = (float)cx;
        _cy = (float)cy;
        IsEmpty = !(rx > 0 && ry > 0);
        _inverseRx2 = IsEmpty ? 0 : (float)(1 / (rx * rx));
        _inverseRy2 = IsEmpty ? 0 : (float)(1 / (ry * ry));
        _meanRadius = IsEmpty ? 0 : (float)Math.Sqrt(rx * ry);
        _cos = (float)Math.Cos(angle);
        _sin = (float)Math.Sin(angle);
    }

    public bool IsEmpty { get; }

    public float CentreX => _cx;

    public float CentreY => _cy;

    /// <summary>The squared normalised radius: below 1 inside, 1 on the boundary; +infinity for an empty ellipse.</summary>
    public float Level(float x, float y)
    {
        if (IsEmpty) return float.PositiveInfinity;
        float dx = x - _cx, dy = y - _cy;
        float u = _cos * dx + _sin * dy, v = -_sin * dx + _cos * dy;
        return u * u * _inverseRx2 + v * v * _inverseRy2;
    }

    public bool Contains(float x, float y) => Level(x, y) < 1;

    /// <summary>Approximate signed distance to the boundary (mm, negative inside): the normalised radius minus one,
    /// times the mean radius. Good enough to grow rims (ascites) and perturb surfaces (nodularity).</summary>
    public float Distance(float x, float y) => IsEmpty ? float.PositiveInfinity : (MathF.Sqrt(Level(x, y)) - 1) * _meanRadius;
}
