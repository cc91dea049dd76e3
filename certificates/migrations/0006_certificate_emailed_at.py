from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0005_expiry_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="emailed_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="e-mailed to the holder"
            ),
        ),
    ]
