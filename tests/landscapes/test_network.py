"""`landscapes network`'s computing: training against a plain-numpy forward pass, the planes against
numpy's SVD and the analytic surface of a linear regression, and optimizers on long weight vectors."""

import numpy as np
import pytest

import landscapes
from landscapes.engine.divergence import divergences
from landscapes.errors import UserError
from landscapes.network.data import make_data, read_csv
from landscapes.network.model import parse_model
from landscapes.network.plane import make_plane, pca_plane, plane_window
from landscapes.network.run import NetworkScene, loss_levels, run_network
from landscapes.network.train import minibatches, train
from landscapes.optimizers.spec import parse_spec
from tests.landscapes import network_reference as reference


@pytest.fixture(scope="module")
def moons():
    """A small tanh MLP trained full-batch by a look-ahead method and an optax one (on 37 weights)."""
    return landscapes.network(
        "moons:60", "mlp:5,3", ["nag(lr=0.1)", "lion(lr=0.02)"], steps=25, resolution=12, seed=3
    )


def _reference_loss(result, weights):
    model, data = result.model, result.data
    return reference.loss(weights, model.widths, model.activation, model.task, data.features, data.targets)


def test_recorded_losses_and_accuracies_are_a_plain_numpy_forward_pass_of_the_recorded_weights(moons):
    model, data = moons.model, moons.data
    assert moons.weights.shape == (2, 26, model.size) == (2, 26, 2 * 5 + 5 + 5 * 3 + 3 + 3 + 1)
    for index in range(2):
        for step in (0, 1, 7, 25):
            weights = moons.weights[index, step]
            assert abs(moons.losses[index, 0, step] - _reference_loss(moons, weights)) < 1e-10
            expected = reference.accuracy(weights, model.widths, "tanh", data.features, data.targets)
            assert moons.accuracies[index, 0, step] == expected
    assert moons.losses[:, 0, -1].max() < moons.losses[0, 0, 0]  # both learnt something


def test_every_optimizer_starts_from_the_same_weights(moons):
    np.testing.assert_array_equal(moons.weights[0, 0], moons.weights[1, 0])
    np.testing.assert_array_equal(moons.positions[0, 0, 0], moons.positions[1, 0, 0])


def test_the_map_shows_the_loss_at_the_projected_weights_not_the_real_ones(moons):
    plane = moons.plane
    coordinates = moons.positions[:, 0]
    for index, step in ((0, 25), (1, 10), (1, 25)):
        projected = plane.origin + coordinates[index, step] @ plane.directions
        assert abs(moons.plane_losses[index, 0, step] - _reference_loss(moons, projected)) < 1e-10
        # The projection really moved these weights: the true loss is another number.
        assert moons.distances[index, 0, step] > 1e-3
        assert abs(moons.losses[index, 0, step] - moons.plane_losses[index, 0, step]) > 1e-8
    xs, ys, z = moons.grid
    for i, j in ((0, 0), (5, 9), (11, 11)):
        weights = plane.origin + np.array([xs[j], ys[i]]) @ plane.directions
        assert abs(z[i, j] - _reference_loss(moons, weights)) < 1e-10


def test_pca_variance_shares_and_directions_match_numpy_svd(moons):
    ends = moons.weights[:, -1].mean(axis=0)
    offsets = moons.weights.reshape(-1, moons.model.size) - ends
    _, singular, right = np.linalg.svd(offsets, full_matrices=False)
    shares = singular**2 / np.sum(singular**2)
    np.testing.assert_allclose(moons.plane.explained, shares[:2], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.abs(np.sum(moons.plane.directions * right[:2], axis=1)), [1, 1], atol=1e-8)
    np.testing.assert_allclose(moons.plane.origin, ends, atol=1e-12)
    assert moons.plane.axis_names[0] == f"PC1 · {shares[0]:.1%} of variance"
    # Paths run from the lower left: the start has negative coordinates on both axes.
    assert (moons.positions[0, 0, 0] < 0).all()


def test_the_window_holds_every_projected_point_with_a_margin(moons):
    (x0, x1), (y0, y1) = moons.scene.xlim, moons.scene.ylim
    x, y = moons.positions[..., 0], moons.positions[..., 1]
    assert x0 < x.min() < x.max() < x1 and y0 < y.min() < y.max() < y1
    assert x.min() - x0 > 0.05 * (x.max() - x.min())


def test_two_parameter_linear_regression_reproduces_its_analytic_surface():
    result = landscapes.network("linear:40", "linear", ["momentum(lr=0.02)"], steps=30, seed=1, resolution=15)
    x, y = result.data.features[:, 0], result.data.targets
    assert result.model.size == 2
    assert result.distances.max() < 1e-12  # the plane is the whole parameter space
    assert abs(sum(result.plane.explained) - 1) < 1e-12

    def analytic(slope, intercept):
        """E[(a·x + b − y)²] from the data's moments."""
        return (
            slope**2 * np.mean(x**2) + 2 * slope * intercept * np.mean(x) + intercept**2
            - 2 * slope * np.mean(x * y) - 2 * intercept * np.mean(y) + np.mean(y**2)
        )  # fmt: skip

    xs, ys, z = result.grid
    gx, gy = np.meshgrid(xs, ys)
    slope, intercept = np.moveaxis(result.plane.weights_at(np.stack([gx, gy], axis=-1)), -1, 0)
    np.testing.assert_allclose(z, analytic(slope, intercept), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(result.plane_losses, result.losses, rtol=1e-10)


def test_minibatches_are_seeded_shuffles_shared_by_every_optimizer_and_losses_stay_full_batch():
    batches = minibatches(10, 4, 6, seed=2)
    assert batches.shape == (6, 4)
    assert sorted(batches.reshape(-1)[:10]) == list(range(10))  # the first epoch sees every sample once
    np.testing.assert_array_equal(batches, minibatches(10, 4, 6, seed=2))
    assert not np.array_equal(batches, minibatches(10, 4, 6, seed=3))
    data = make_data("xor:40", seed=0)
    model = parse_model("logistic", data)
    specs = (parse_spec("sgd(lr=0.3)"),)
    start = model.initial_weights(0)
    mini = train(model, specs, ("sgd",), data.features, data.targets, start, 12, batch=8, seed=4)
    for weights, loss in zip(mini.weights[0], mini.losses[0], strict=True):
        assert (
            abs(loss - reference.loss(weights, (2, 1), "tanh", "classification", data.features, data.targets))
            < 1e-10
        )
    # One sgd step on the first minibatch, by hand: w − lr·∇ of the batch's mean cross-entropy.
    batch = minibatches(40, 8, 12, seed=4)[0]
    xb, yb = data.features[batch], data.targets[batch]
    z = xb @ start[:2] + start[2]
    residual = 1 / (1 + np.exp(-z)) - yb
    gradient = np.concatenate([xb.T @ residual, [residual.sum()]]) / len(batch)
    np.testing.assert_allclose(mini.weights[0, 1], start - 0.3 * gradient, atol=1e-14)


def test_newton_on_a_linear_regression_lands_on_the_least_squares_weights_in_one_step(tmp_path):
    rng = np.random.default_rng(0)
    features = rng.normal(size=(30, 3))
    targets = features @ [1.5, -2.0, 0.5] + 0.3 + rng.normal(0, 0.1, 30)
    table = np.column_stack([features, targets])
    path = tmp_path / "three.csv"
    path.write_text("a,b,c,y\n" + "\n".join(",".join(repr(float(v)) for v in row) for row in table) + "\n")
    data = read_csv(path)
    model = parse_model("linear", data)
    result = train(model, (parse_spec("newton(damping=1e-9)"),), ("newton",), data.features, data.targets,
                   model.initial_weights(0), 2)  # fmt: skip
    design = np.column_stack([data.features, np.ones(30)])
    solution, *_ = np.linalg.lstsq(design, data.targets, rcond=None)
    np.testing.assert_allclose(result.weights[0, 1], solution, atol=1e-9)


def test_second_order_methods_refuse_models_too_large_for_their_hessian_or_state():
    data = make_data("xor:24", seed=0)
    huge = parse_model("mlp:100,100", data)
    with pytest.raises(
        UserError, match=r"^bfgs keeps 844 MiB of state for 10,501 weights; the limit is 256 MiB"
    ):
        train(huge, (parse_spec("bfgs"),), ("bfgs",), data.features, data.targets, huge.initial_weights(0), 2)
    large = parse_model("mlp:64,32", data)
    with pytest.raises(UserError, match=r"^newton needs the full Hessian \(2,305 × 2,305 .*limited to 2,000"):
        train(
            large,
            (parse_spec("newton"),),
            ("newton",),
            data.features,
            data.targets,
            large.initial_weights(0),
            2,
        )


def test_random_plane_is_filter_normalised_around_the_best_end_point(moons):
    plane = make_plane("random", moons.model, moons.weights, moons.losses[:, 0], moons.labels, seed=5)
    best = int(np.argmin(moons.losses[:, 0, -1]))
    np.testing.assert_array_equal(plane.origin, moons.weights[best, -1])
    for direction in plane.directions:
        for part, shape in moons.model.filters():
            if shape is None:
                assert not direction[part].any()
            else:
                np.testing.assert_allclose(
                    np.linalg.norm(direction[part].reshape(shape), axis=0),
                    np.linalg.norm(plane.origin[part].reshape(shape), axis=0),
                    rtol=1e-12,
                )


def test_endpoints_plane_holds_the_start_and_both_end_points(moons):
    plane = make_plane("endpoints:lion,nag", moons.model, moons.weights, moons.losses[:, 0], moons.labels)
    coordinates, distances = plane.project(moons.weights[:, [0, -1]])
    assert distances.max() < 1e-12
    np.testing.assert_allclose(coordinates[0, 0], [0, 0], atol=1e-12)
    length = np.linalg.norm(moons.weights[1, -1] - moons.weights[1, 0])
    np.testing.assert_allclose(coordinates[1, 1], [length, 0], atol=1e-12)
    assert coordinates[0, 1, 1] > 0


def test_a_plane_file_gives_the_directions(moons, tmp_path):
    rng = np.random.default_rng(1)
    directions = rng.normal(size=(2, moons.model.size))
    np.savez(tmp_path / "mine.npz", directions=directions, origin=moons.weights[0, 0])
    plane = make_plane(
        str(tmp_path / "mine.npz"), moons.model, moons.weights, moons.losses[:, 0], moons.labels
    )
    coordinates, distances = plane.project(moons.weights[0, 0] + np.array([0.5, -2.0]) @ directions)
    np.testing.assert_allclose(coordinates, [0.5, -2.0], atol=1e-10)
    assert distances < 1e-10
    np.savez(tmp_path / "short.npz", x=directions[0, :5], y=directions[1, :5])
    with pytest.raises(UserError, match=r"short.npz.*shape \(2, 5\).*needs \(2, 37\)"):
        make_plane(str(tmp_path / "short.npz"), moons.model, moons.weights, moons.losses[:, 0], moons.labels)


def test_generated_data_sets_are_seeded_and_balanced():
    for name in ("moons", "circles", "spirals", "xor"):
        first, again = make_data(f"{name}:100", seed=7), make_data(f"{name}:100", seed=7)
        np.testing.assert_array_equal(first.features, again.features)
        assert first.features.shape == (100, 2) and first.classification
        assert 30 <= first.targets.sum() <= 70
        assert not np.array_equal(first.features, make_data(f"{name}:100", seed=8).features)
    line = make_data("linear:200", seed=0)
    slope, intercept = np.polyfit(line.features[:, 0], line.targets, 1)
    assert abs(slope - 2) < 0.1 and abs(intercept + 1) < 0.1


def test_a_csv_with_named_label_column_and_text_classes(tmp_path):
    path = tmp_path / "iris.csv"
    path.write_text("kind,length,width\nsetosa,1,2\nother,3,4\nsetosa,5,6\nother,7,9\n")
    data = read_csv(path, "kind")
    np.testing.assert_array_equal(data.targets, [1, 0, 1, 0])
    np.testing.assert_allclose(data.features.mean(axis=0), [0, 0], atol=1e-15)
    np.testing.assert_allclose(data.features.std(axis=0), [1, 1])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: make_data("moon:50"), "unknown data set 'moon'; did you mean 'moons'?"),
        (lambda: make_data("moons:many"), "bad data set 'moons:many'; expected NAME or NAME:SAMPLES"),
        (
            lambda: make_data("moons:10000000"),
            "the number of samples in 'moons:10000000' is 10,000,000; the limit",
        ),
        (lambda: make_data("nothere.csv"), "data file 'nothere.csv' not found"),
        (lambda: parse_model("mlp:16,x", make_data("moons")), "bad --model 'mlp:16,x'"),
        (
            lambda: parse_model("linear", make_data("moons")),
            "--model linear fits regression, but 'moons' is a ",
        ),
        (
            lambda: parse_model("mlp:1000,1000", make_data("moons")),
            "the weight count of --model 'mlp:1000,1000' is",
        ),
        (lambda: parse_model("mlp:4", make_data("moons"), "sigmoid"), "unknown --activation 'sigmoid'"),
        (
            lambda: run_network(NetworkScene(data="xor:20", plane="pcb")),
            "unknown --plane 'pcb'; did you mean 'pca'?",
        ),
        (
            lambda: run_network(NetworkScene(data="xor:20", batch=50)),
            "--batch must be between 1 and the 20 samples",
        ),
        (
            lambda: run_network(NetworkScene(model="mlp:100,100", steps=20_000)),
            "the recorded weights would need 4,807 MiB (3 optimizers × 20,001 points × 10,501 weights)",
        ),
    ],
)
def test_mistakes_are_one_line_user_errors(call, message):
    with pytest.raises(UserError) as caught:
        call()
    assert str(caught.value).startswith(message), str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bad_csv_names_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("x,y,label\n1,2,0\n3,4,1\n5,six,0\n7,8,1\n")
    with pytest.raises(
        UserError, match=r"^data file '.*bad.csv', line 4: 'six' in column 'y' is not a number$"
    ):
        read_csv(path)


def test_pca_of_one_straight_path_has_all_its_variance_on_the_first_axis():
    weights = np.linspace([0.0, 0.0, 0.0], [3.0, 4.0, 0.0], 6)[None]
    plane = pca_plane(weights)
    np.testing.assert_allclose(plane.explained, [1, 0], atol=1e-12)
    np.testing.assert_allclose(np.abs(plane.directions[0]), [0.6, 0.8, 0], atol=1e-12)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0.0003, 0.8, (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5)),
        (0.25, 7, (0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5, 7)),
        (1e-8, 50, (1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10)),
    ],
)
def test_loss_contours_sit_at_round_values(low, high, expected):
    levels = loss_levels(np.array([[low, high], [np.nan, (low + high) / 2]]))
    assert levels.kind == "fixed"
    np.testing.assert_allclose(levels.values, expected, rtol=1e-12)


def test_losses_that_barely_change_get_evenly_spaced_contours():
    assert loss_levels(np.array([0.69, 0.72])).kind == "linear"


def test_a_path_that_blows_up_leaves_the_plane_and_window_to_the_others():
    paths = landscapes.network(
        "xor:40", "logistic", ["sgd(lr=1e300)", "adam(lr=0.1)"], steps=12, resolution=15
    )
    assert paths.losses[0, 0, -1] > 1e200 and paths.losses[1, 0, -1] < 1
    np.testing.assert_allclose(paths.plane.explained, pca_plane(paths.weights[1:]).explained, rtol=1e-12)
    assert (paths.scene.xlim, paths.scene.ylim) == plane_window(paths.positions[1:], "pca")
    (runaway,) = divergences(paths)  # the warning the command line prints
    assert runaway.legend == "sgd (lr=1e+300)" and runaway.step == 1
