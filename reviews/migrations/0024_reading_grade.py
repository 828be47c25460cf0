"""Plain language (issue 17 item 4): each policy's target reading grade."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reviews", "0023_reviewer_public_pages")]

    operations = [
        migrations.AddField(
            model_name="reviewpolicy",
            name="target_reading_grade",
            field=models.PositiveSmallIntegerField(
                default=8,
                help_text="A substantive revision whose reading grade (Flesch–Kincaid) is above "
                "this shows a warning to its editor and reviewers; it is never refused.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(18),
                ],
            ),
        ),
    ]
